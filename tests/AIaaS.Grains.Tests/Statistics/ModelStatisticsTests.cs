using AIaaS.Statistics;

namespace AIaaS.Grains.Tests.Statistics;

public sealed class ModelStatisticsTests
{
    [Fact]
    public void Combine_TwoReplicas_AddsCountsAndDurationsAndKeepsTheLaterLastInference()
    {
        var a = Stats(lastInference: 1_000, inferences: 6, executions: 2, successes: 3, batches: [Batch(4, 1, 10), Batch(2, 1, 5)]);
        var b = Stats(lastInference: 2_000, inferences: 8, executions: 1, successes: 1, batches: [Batch(8, 1, 40)]);

        var combined = a.Combine(b);

        Assert.Equal("m", combined.Name);
        Assert.Equal(3, combined.Version);
        Assert.Equal(2_000, combined.LastInference);
        Assert.Equal(14, combined.InferenceCount);
        Assert.Equal(3, combined.ExecutionCount);
        Assert.Equal(new StatisticDuration(4, 400), combined.Success);
        Assert.Equal(new StatisticDuration(2, 20), combined.Fail);
        Assert.Equal(new StatisticDuration(4, 4_000), combined.Queue);
        Assert.Equal(new StatisticDuration(4, 40), combined.ComputeInput);
        Assert.Equal(new StatisticDuration(4, 400), combined.ComputeInfer);
        Assert.Equal(new StatisticDuration(4, 4), combined.ComputeOutput);
        Assert.Equal([2, 4, 8], combined.BatchStats.Select(s => s.BatchSize));
    }

    [Fact]
    public void Combine_SameBatchSizeOnBoth_AddsTheEntry()
    {
        var a = Stats(batches: [Batch(4, 2, 10)]);
        var b = Stats(batches: [Batch(1, 1, 1), Batch(4, 3, 30)]);

        var combined = a.Combine(b);

        Assert.Equal([1, 4], combined.BatchStats.Select(s => s.BatchSize));
        var four = combined.BatchStats[1];
        Assert.Equal(new StatisticDuration(5, 40), four.ComputeInput);
        Assert.Equal(new StatisticDuration(5, 400), four.ComputeInfer);
        Assert.Equal(new StatisticDuration(5, 4_000), four.ComputeOutput);
    }

    [Fact]
    public void Combine_WithEmpty_EqualsTheOther()
    {
        var a = Stats(lastInference: 5, inferences: 2, executions: 1, successes: 2, batches: [Batch(2, 1, 7)]);

        var combined = ModelStatistics.Empty("m", 3).Combine(a);

        Assert.Equal(a with { BatchStats = combined.BatchStats }, combined);
        Assert.Equal(a.BatchStats, combined.BatchStats);
    }

    [Fact]
    public void Combine_OtherVersion_ThrowsNamingBoth()
    {
        var ex = Assert.Throws<ArgumentException>(() => Stats().Combine(ModelStatistics.Empty("m", 4)));

        Assert.StartsWith("statistics of model 'm' version 4 cannot combine with those of model 'm' version 3", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_Always_IsAllZeros()
    {
        var empty = ModelStatistics.Empty("m", 1);

        Assert.Equal(0, empty.LastInference + empty.InferenceCount + empty.ExecutionCount);
        Assert.All([empty.Success, empty.Fail, empty.Queue, empty.ComputeInput, empty.ComputeInfer, empty.ComputeOutput], d => Assert.Equal(StatisticDuration.Zero, d));
        Assert.Empty(empty.BatchStats);
    }

    private static ModelStatistics Stats(long lastInference = 0, long inferences = 0, long executions = 0, long successes = 0, BatchStatistics[]? batches = null) => new(
        "m", 3, lastInference, inferences, executions,
        new StatisticDuration(successes, successes * 100),
        new StatisticDuration(1, 10),
        new StatisticDuration(successes, successes * 1_000),
        new StatisticDuration(successes, successes * 10),
        new StatisticDuration(successes, successes * 100),
        new StatisticDuration(successes, successes),
        batches ?? []);

    private static BatchStatistics Batch(int size, long count, long inputNs) =>
        new(size, new StatisticDuration(count, inputNs), new StatisticDuration(count, inputNs * 10), new StatisticDuration(count, inputNs * 100));
}
