using AIaaS.Grains.Rollouts;

namespace AIaaS.Grains.Tests.Rollouts;

public sealed class ServingWindowTests
{
    [Fact]
    public void Since_TwoReadingsOfOneReplica_TheWindowBetween()
    {
        var counters = new ServingCounters();
        counters.Record(1_000, serverError: false);
        var first = counters.Read(takeMaxOutputDiff: true);
        counters.Record(2_000, serverError: true);
        counters.Record(3_000, serverError: false);
        counters.RecordComparison(new OutputComparison(0.25, 2, 1));
        var second = counters.Read(takeMaxOutputDiff: true);

        var window = ServingWindow.Since(second.Totals, first.Totals);

        Assert.Equal(first.Epoch, second.Epoch);
        Assert.Equal((2L, 1L, 5_000L, 1L, 2L, 1L, 0.25), (window.Requests, window.ServerErrors, window.BusyMicroseconds, window.Compared, window.Top1Rows, window.Top1Agreed, window.MaxOutputDiff));
        Assert.Equal(2, window.Latency.Sum());
        Assert.Equal(0, counters.Read(takeMaxOutputDiff: true).Totals.MaxOutputDiff);
    }

    [Fact]
    public void Summarise_HundredRequests_P99IsTheUpperBoundOfItsBucket()
    {
        var counters = new ServingCounters();
        for (var i = 0; i < 99; i++)
        {
            counters.Record(1_000, serverError: false);
        }

        counters.Record(500_000, serverError: false);
        var figures = ServingWindow.Summarise(counters.Read(takeMaxOutputDiff: false).Totals);

        // The 99th of 100 requests took 1 ms: its bucket's upper bound is within 20% above.
        Assert.InRange(figures.P99Ms, 1.0, 1.2);
        Assert.Equal((100L, 0L, 0L, (double?)null, (double?)null), (figures.Requests, figures.Errors, figures.Compared, figures.MaxOutputDiff, figures.Top1Agreement));
    }

    [Fact]
    public void PercentileMs_EmptyHistogram_Zero()
    {
        Assert.Equal(0, LatencyBuckets.PercentileMs(new long[LatencyBuckets.Count], 0.99));
    }

    [Fact]
    public void Add_TwoVersionsWindows_CountsAddAndMaxIsKept()
    {
        var a = ServingWindow.Empty with { Requests = 3, MaxOutputDiff = 0.5 };
        var b = ServingWindow.Empty with { Requests = 4, MaxOutputDiff = 0.25 };

        var sum = ServingWindow.Add(a, b);

        Assert.Equal((7L, 0.5), (sum.Requests, sum.MaxOutputDiff));
    }
}
