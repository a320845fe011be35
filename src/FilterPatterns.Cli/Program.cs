namespace FilterPatterns.Cli;

internal static class Program
{
    public static int Main(string[] args)
    {
        using var stdin = Console.OpenStandardInput();
        using var stdout = Console.OpenStandardOutput();
        var console = new CliConsole(stdin, stdout, Console.Error, StderrIsTerminal: !Console.IsErrorRedirected);
        return Cli.Run(args, console);
    }
}
