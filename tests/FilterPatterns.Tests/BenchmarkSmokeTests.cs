using System.Reflection;
using BenchmarkDotNet.Attributes;
using FilterPatterns.Benchmarks;
using FilterPatterns.Benchmarks.Workloads;

namespace FilterPatterns.Tests;

/// <summary>
/// Every benchmark method runs once on small workloads, so the benchmarks cannot rot; their set-up also checks that
/// every variant (ours, the floor, Regex, the straightforward evaluator) gives the same answers.
/// </summary>
public sealed class BenchmarkSmokeTests
{
    public static TheoryData<string> BenchmarkClasses =>
    [
        .. typeof(BenchmarkConfig).Assembly.GetTypes()
            .Where(t => t.GetMethods().Any(m => m.GetCustomAttribute<BenchmarkAttribute>() is not null))
            .Select(t => t.FullName!),
    ];

    [Theory]
    [MemberData(nameof(BenchmarkClasses))]
    public void Every_benchmark_method_runs(string className)
    {
        Workload.Quick = true;
        var type = typeof(BenchmarkConfig).Assembly.GetType(className)!;
        var instance = Activator.CreateInstance(type)!;
        foreach (var setup in type.GetMethods().Where(m => m.GetCustomAttribute<GlobalSetupAttribute>() is not null))
        {
            setup.Invoke(instance, null);
        }

        var methods = type.GetMethods().Where(m => m.GetCustomAttribute<BenchmarkAttribute>() is not null).ToList();
        Assert.NotEmpty(methods);
        foreach (var method in methods)
        {
            Assert.NotNull(method.Invoke(instance, null));
        }
    }

    [Fact]
    public void Parse_benchmark_patterns_are_at_the_limit_and_valid()
    {
        foreach (var pattern in new[] { ParseBenchmarks.Text, ParseBenchmarks.Json, ParseBenchmarks.JsonWithRegexes, ParseBenchmarks.Delimited, ParseBenchmarks.Regex })
        {
            Assert.InRange(pattern.Length, 980, 1024);
            Assert.NotNull(FilterPattern.Parse(pattern));
        }
    }

    [Fact]
    public void Bundled_sample_is_what_the_generator_writes() =>
        Assert.Equal(SyntheticLogs.SampleText(), File.ReadAllText(Path.Combine(RepositoryRoot(), "samples", "app.log")));

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "FilterPatterns.sln")))
        {
            dir = dir.Parent;
        }

        return dir!.FullName;
    }
}
