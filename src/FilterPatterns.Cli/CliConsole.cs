namespace FilterPatterns.Cli;

/// <summary>The process's streams, passed in so tests can run commands in-process.</summary>
/// <param name="Input">Standard input, read when <c>grep</c> gets no file (or <c>-</c>).</param>
/// <param name="Output">Standard output: results, as bytes (UTF-8).</param>
/// <param name="Error">Standard error: diagnostics and the progress bar.</param>
/// <param name="StderrIsTerminal">Whether standard error is a terminal (then long inputs show a progress bar).</param>
internal sealed record CliConsole(Stream Input, Stream Output, TextWriter Error, bool StderrIsTerminal);
