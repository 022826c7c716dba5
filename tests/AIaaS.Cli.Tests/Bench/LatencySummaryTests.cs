using AIaaS.Cli.Bench;

namespace AIaaS.Cli.Tests.Bench;

/// <summary>Nearest-rank percentiles and the latency summary of a measurement.</summary>
public sealed class LatencySummaryTests
{
    [Theory(Timeout = 10_000)]
    [InlineData(0, 15)]
    [InlineData(5, 15)]
    [InlineData(30, 20)]
    [InlineData(40, 20)]
    [InlineData(50, 35)]
    [InlineData(100, 50)]
    public async Task NearestRank_FiveSamples_IsTheSampleOfRankCeilingPN(int percentile, long expected)
    {
        await Task.Yield();

        Assert.Equal(expected, LatencySummary.NearestRank([15, 20, 35, 40, 50], percentile));
    }

    [Fact(Timeout = 10_000)]
    public async Task NearestRank_OneToHundred_IsThePercentileItself()
    {
        await Task.Yield();
        var samples = Enumerable.Range(1, 100).Select(i => (long)i).ToArray();

        Assert.Equal(50, LatencySummary.NearestRank(samples, 50));
        Assert.Equal(90, LatencySummary.NearestRank(samples, 90));
        Assert.Equal(99, LatencySummary.NearestRank(samples, 99));
        Assert.Equal(100, LatencySummary.NearestRank(samples, 99.9m));
    }

    [Fact(Timeout = 10_000)]
    public async Task FromTicks_UnsortedSampleAtMicrosecondTicks_IsExact()
    {
        await Task.Yield();
        // 20 samples: ranks 10 (p50), 18 (p90) and 20 (p99) of the sorted values 10, 20, ..., 200.
        long[] ticks = [200, 10, 190, 20, 180, 30, 170, 40, 160, 50, 150, 60, 140, 70, 130, 80, 120, 90, 110, 100];

        var summary = LatencySummary.FromTicks(ticks, frequency: 1_000_000);

        Assert.Equal(20, summary.Count);
        Assert.Equal(100, summary.P50);
        Assert.Equal(180, summary.P90);
        Assert.Equal(200, summary.P99);
        Assert.Equal(105, summary.Average);
        Assert.Equal(10, summary.Min);
        Assert.Equal(200, summary.Max);
    }

    [Fact(Timeout = 10_000)]
    public async Task FromTicks_TenMegahertzTicks_AreConvertedToMicroseconds()
    {
        await Task.Yield();

        var summary = LatencySummary.FromTicks([1_000, 3_000, 2_000], frequency: 10_000_000);

        Assert.Equal(200, summary.P50);
        Assert.Equal(300, summary.P99);
        Assert.Equal(200, summary.Average);
    }

    [Fact(Timeout = 10_000)]
    public async Task FromTicks_NoSamples_IsEmptyWithNaN()
    {
        await Task.Yield();

        var summary = LatencySummary.FromTicks([], frequency: 1_000_000);

        Assert.Equal(0, summary.Count);
        Assert.True(double.IsNaN(summary.P50));
    }
}
