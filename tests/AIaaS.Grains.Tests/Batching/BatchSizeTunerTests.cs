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
        Record(tuner, 1, 90, times: 3);
        Assert.Equal(1, tuner.Limit);
        Assert.Equal(90, tuner.CostPerItem(1));
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
        tuner.Record(2, 200);
        tuner.Record(2, 400);
        // 100 + 0.2 * (200 - 100) per item.
        Assert.Equal(120, tuner.CostPerItem(2)!.Value, 9);
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
