using AIaaS.Grains.Batching;

namespace AIaaS.Grains.Tests.Batching;

public sealed class BatchSizeTunerTests
{
    [Fact]
    public void Limit_NothingMeasured_IsMaxBatchSize()
    {
        Assert.Equal(32, new BatchSizeTuner(32).Limit);
    }

    [Fact]
    public void Record_SmallerSizeCheaperPerItem_LimitMovesToIt()
    {
        var tuner = new BatchSizeTuner(8);
        Record(tuner, 8, 800, times: 3);
        Assert.Equal(8, tuner.Limit);
        Record(tuner, 1, 80, times: 3);
        Assert.Equal(1, tuner.Limit);
        Assert.Equal(80, tuner.CostPerItem(1));
        Assert.Equal(100, tuner.CostPerItem(8));
    }

    [Fact]
    public void Record_CheaperByLessThanTheMargin_KeepsTheCurrentSize()
    {
        var tuner = new BatchSizeTuner(8);
        Record(tuner, 4, 400, times: 3);
        Record(tuner, 2, 196, times: 3);
        Assert.Equal(4, tuner.Limit);
    }

    [Fact]
    public void Record_LargerSizeWithinTheMargin_LimitMovesUpToIt_AndBackOnlyWhenItFallsOutside()
    {
        var tuner = new BatchSizeTuner(8);
        Record(tuner, 1, 100, times: 3);
        Assert.Equal(1, tuner.Limit);

        // 108 per item: dearer, but within 10% of the cheapest, so the larger batch is taken.
        Record(tuner, 4, 432, times: 3);
        Assert.Equal(4, tuner.Limit);
        Record(tuner, 1, 100, times: 3);
        Assert.Equal(4, tuner.Limit);

        // 4 drifts to 125 per item, out of the margin: back to single requests.
        Record(tuner, 4, 500, times: 20);
        Assert.Equal(1, tuner.Limit);
    }

    [Fact]
    public void Record_FewerThanMinimumSamples_DoesNotMoveTheLimit()
    {
        var tuner = new BatchSizeTuner(8);
        Record(tuner, 8, 800, times: 3);
        Record(tuner, 1, 10, times: BatchSizeTuner.MinimumSamples - 1);
        Assert.Equal(8, tuner.Limit);
    }

    [Fact]
    public void Record_NewSamples_AverageExponentially()
    {
        var tuner = new BatchSizeTuner(4);
        Record(tuner, 2, 200, times: BatchSizeTuner.MinimumSamples);
        tuner.Record(2, 260);
        // 100 + 0.1 * (130 - 100) per item.
        Assert.Equal(103, tuner.CostPerItem(2)!.Value, 9);
    }

    [Fact]
    public void Record_SmallerThanTheSmallestPreferredSize_NeverBecomesTheLimit()
    {
        var tuner = new BatchSizeTuner(16, smallest: 4);
        Record(tuner, 16, 3_200, times: 3);
        Record(tuner, 1, 50, times: 3);
        Record(tuner, 2, 100, times: 3);
        Assert.Equal(16, tuner.Limit);
        Record(tuner, 4, 600, times: 3);
        Assert.Equal(4, tuner.Limit);
    }

    [Fact]
    public void Limit_WithASmallestSize_ProbesFromIt()
    {
        var tuner = new BatchSizeTuner(16, smallest: 4);
        var probes = new HashSet<int>();
        for (var run = 0; run < BatchSizeTuner.ProbeEvery * 6; run++)
        {
            var limit = tuner.Limit;
            probes.Add(limit);
            tuner.Record(limit, 100L * limit);
        }

        Assert.Equal([4, 8, 16], probes.Order());
    }

    [Fact]
    public void Record_FirstRuns_TheLeastCounts()
    {
        var tuner = new BatchSizeTuner(4);
        tuner.Record(4, 4_000);
        tuner.Record(4, 400);
        tuner.Record(4, 480);
        Assert.Equal(100, tuner.CostPerItem(4)!.Value, 9);
    }

    [Fact]
    public void Record_AnOutlier_MovesTheFigureByHalfTheWeightAtMost()
    {
        var tuner = new BatchSizeTuner(4);
        Record(tuner, 1, 100, times: BatchSizeTuner.MinimumSamples);
        tuner.Record(1, 10_000);
        // 100 + 0.1 * (1.5 x 100 - 100).
        Assert.Equal(105, tuner.CostPerItem(1)!.Value, 9);
        tuner.Record(1, 1);
        // 105 + 0.1 * (105 / 1.5 - 105).
        Assert.Equal(101.5, tuner.CostPerItem(1)!.Value, 9);
    }

    [Fact]
    public void Limit_EveryProbeEveryRuns_ProbesThePowersOfTwoInTurn()
    {
        var tuner = new BatchSizeTuner(8);
        var probes = new List<int>();
        for (var run = 0; run < BatchSizeTuner.ProbeEvery * 8; run++)
        {
            var limit = tuner.Limit;
            if (limit != 8)
            {
                probes.Add(limit);
            }

            // Every size costs the same per item: the limit stays at 8.
            tuner.Record(limit, 100L * limit);
        }

        Assert.Equal([1, 2, 4, 1, 2, 4], probes);
    }

    private static void Record(BatchSizeTuner tuner, int size, long elapsed, int times)
    {
        for (var i = 0; i < times; i++)
        {
            tuner.Record(size, elapsed);
        }
    }
}
