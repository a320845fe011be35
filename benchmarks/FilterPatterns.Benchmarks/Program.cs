using BenchmarkDotNet.Running;
using FilterPatterns.Benchmarks.Workloads;

namespace FilterPatterns.Benchmarks;

internal static class Program
{
    public static void Main(string[] args)
    {
        if (args is ["--write-samples", var directory])
        {
            SyntheticLogs.WriteSamples(directory);
            Console.WriteLine($"wrote {Path.Combine(directory, "app.log")}");
            return;
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
