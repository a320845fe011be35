using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace FilterPatterns.Benchmarks;

/// <summary>
/// Shared configuration: memory diagnoser, benchmarks grouped by category with a ratio to the category's baseline,
/// and throughput columns (events/s, MB/s) computed from each class's workload.
/// </summary>
/// <remarks>
/// The development machines are shared: bursts of a neighbour's load, seconds long, slow whatever runs then by up to
/// 2× (seen in one process timing three benchmarks in turn: all three slow together, then all fast again). A mean
/// takes in every iteration a burst hit; the median of the iterations does not while bursts hit fewer than half. So
/// the throughput and the ratio (<see cref="MedianRatioColumn"/>) are computed from medians; the mean stays shown.
/// </remarks>
public sealed class BenchmarkConfig : ManualConfig
{
    public BenchmarkConfig()
    {
        AddDiagnoser(MemoryDiagnoser.Default);
        AddColumn(CategoriesColumn.Default, StatisticColumn.Median, new MedianRatioColumn(), new ThroughputColumn(megabytes: false), new ThroughputColumn(megabytes: true));
        AddLogicalGroupRules(BenchmarkLogicalGroupRule.ByCategory);
        HideColumns(Column.Error, Column.StdDev, Column.Ratio, Column.RatioSD, Column.Gen0, Column.Gen1, Column.Gen2);
        WithOrderer(new BenchmarkDotNet.Order.DefaultOrderer(BenchmarkDotNet.Order.SummaryOrderPolicy.Declared));
    }
}

/// <summary>A benchmark class that processes <see cref="EventsPerOperation"/> events of <see cref="BytesPerOperation"/> bytes per call.</summary>
public interface IThroughput
{
    int EventsPerOperation { get; }

    long BytesPerOperation { get; }
}

/// <summary>The median time of a benchmark over the median time of its category's baseline (same run).</summary>
public sealed class MedianRatioColumn : IColumn
{
    public string Id => "MedianRatio";

    public string ColumnName => "Ratio (median)";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Baseline;

    public int PriorityInCategory => 0;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => "Median time over the median time of the category's baseline";

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public bool IsAvailable(Summary summary) => true;

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) =>
        summary.GetBaseline(summary.GetLogicalGroupKey(benchmarkCase)) is { } baseline &&
        summary[benchmarkCase]?.ResultStatistics is { } stats && summary[baseline]?.ResultStatistics is { } baseStats
            ? (stats.Median / baseStats.Median).ToString("N2", System.Globalization.CultureInfo.InvariantCulture)
            : "-";
}

/// <summary>Millions of events per second, or megabytes (10^6) per second, from the median time of one operation.</summary>
public sealed class ThroughputColumn(bool megabytes) : IColumn
{
    public string Id => megabytes ? "MBps" : "MEventsps";

    public string ColumnName => megabytes ? "MB/s" : "M events/s";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => megabytes ? 1 : 0;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => megabytes ? "Megabytes of events processed per second" : "Millions of events processed per second";

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public bool IsAvailable(Summary summary) => true;

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var report = summary[benchmarkCase];
        if (report?.ResultStatistics is not { } stats || Activator.CreateInstance(benchmarkCase.Descriptor.Type) is not IThroughput instance)
        {
            return "-";
        }

        // The instance is fresh: its sizes come from the workload, which GlobalSetup builds; compute them the same way.
        var setup = benchmarkCase.Descriptor.GlobalSetupMethod;
        setup?.Invoke(instance, null);
        var seconds = stats.Median / 1e9 * (benchmarkCase.Descriptor.WorkloadMethod.GetCustomAttributes(typeof(BenchmarkDotNet.Attributes.BenchmarkAttribute), false) is [BenchmarkDotNet.Attributes.BenchmarkAttribute { OperationsPerInvoke: var ops }] ? ops : 1);
        var value = megabytes ? instance.BytesPerOperation / 1e6 / seconds : instance.EventsPerOperation / 1e6 / seconds;
        return value.ToString("N1", System.Globalization.CultureInfo.InvariantCulture);
    }
}
