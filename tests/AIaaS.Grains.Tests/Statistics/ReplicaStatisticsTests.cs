using AIaaS.Grains.Statistics;
using AIaaS.Inference.Execution;
using AIaaS.Statistics;
using Microsoft.Extensions.Time.Testing;

namespace AIaaS.Grains.Tests.Statistics;

public sealed class ReplicaStatisticsTests
{
    // FakeTimeProvider counts in TimeSpan ticks: 100 ns each.
    private const long NsPerTick = 100;

    [Fact]
    public void RecordExecution_BatchOfThreeRequests_ChargesEachRequestTheBatchComputeTimes()
    {
        var statistics = new ReplicaStatistics(new FakeTimeProvider(), maxBatchSize: 8);

        statistics.RecordExecution(requests: 3, items: 5, queueTicks: 7, new ComputeTimings(10, 100, 1_000));

        var snapshot = statistics.Snapshot("m", 2);
        Assert.Equal(("m", 2), (snapshot.Name, snapshot.Version));
        Assert.Equal(5, snapshot.InferenceCount);
        Assert.Equal(1, snapshot.ExecutionCount);
        Assert.Equal(new StatisticDuration(3, 7 * NsPerTick), snapshot.Queue);
        Assert.Equal(new StatisticDuration(3, 30), snapshot.ComputeInput);
        Assert.Equal(new StatisticDuration(3, 300), snapshot.ComputeInfer);
        Assert.Equal(new StatisticDuration(3, 3_000), snapshot.ComputeOutput);
        var batch = Assert.Single(snapshot.BatchStats);
        Assert.Equal(new BatchStatistics(5, new StatisticDuration(1, 10), new StatisticDuration(1, 100), new StatisticDuration(1, 1_000)), batch);
    }

    [Fact]
    public void RecordExecution_SizesInAnyOrder_BatchStatsOrderedBySizeWithCounts()
    {
        var statistics = new ReplicaStatistics(new FakeTimeProvider(), maxBatchSize: 8);

        foreach (var items in new[] { 8, 1, 4, 1, 8, 8 })
        {
            statistics.RecordExecution(1, items, 0, new ComputeTimings(1, 1, 1));
        }

        var snapshot = statistics.Snapshot("m", 1);
        Assert.Equal([(1, 2L), (4, 1L), (8, 3L)], snapshot.BatchStats.Select(b => (b.BatchSize, b.ComputeInfer.Count)));
        Assert.Equal(6, snapshot.ExecutionCount);
        Assert.Equal(30, snapshot.InferenceCount);
    }

    [Fact]
    public void RecordExecution_SizeBeyondMaxBatchSize_StillCounted()
    {
        var statistics = new ReplicaStatistics(new FakeTimeProvider(), maxBatchSize: 0);

        statistics.RecordExecution(1, 1, 0, new ComputeTimings(1, 1, 1));
        statistics.RecordExecution(1, 3, 0, new ComputeTimings(1, 1, 1));

        Assert.Equal([1, 3], statistics.Snapshot("m", 1).BatchStats.Select(b => b.BatchSize));
    }

    [Fact]
    public void RecordSuccessAndFailure_FakeClock_DurationsInNanosecondsAndLastInferenceInUnixMilliseconds()
    {
        var time = new FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_123));
        var statistics = new ReplicaStatistics(time, maxBatchSize: 8);

        statistics.RecordSuccess(elapsedTicks: 30);
        statistics.RecordSuccess(elapsedTicks: 12);
        time.Advance(TimeSpan.FromMilliseconds(5));
        statistics.RecordFailure(elapsedTicks: 4);

        var snapshot = statistics.Snapshot("m", 1);
        Assert.Equal(new StatisticDuration(2, 42 * NsPerTick), snapshot.Success);
        Assert.Equal(new StatisticDuration(1, 4 * NsPerTick), snapshot.Fail);
        Assert.Equal(1_700_000_000_128, snapshot.LastInference);
        Assert.Equal(0, snapshot.ExecutionCount);
    }

    [Fact]
    public void RecordExecution_SizeSeenBefore_AllocatesNothing()
    {
        var statistics = new ReplicaStatistics(new FakeTimeProvider(), maxBatchSize: 8);
        var timings = new ComputeTimings(1, 2, 3);
        statistics.RecordExecution(2, 4, 5, timings);
        statistics.RecordSuccess(6);

        var before = GC.GetAllocatedBytesForCurrentThread();
        statistics.RecordExecution(2, 4, 5, timings);
        statistics.RecordSuccess(6);
        statistics.RecordFailure(6);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
    }

    [Fact(Timeout = 30_000)]
    public async Task Record_FromManyThreadsAtOnce_LosesNothing()
    {
        var statistics = new ReplicaStatistics(new FakeTimeProvider(), maxBatchSize: 4);
        const int Threads = 8;
        const int PerThread = 10_000;

        await Task.WhenAll(Enumerable.Range(0, Threads).Select(t => Task.Run(() =>
        {
            for (var i = 0; i < PerThread; i++)
            {
                statistics.RecordExecution(2, 1 + ((t + i) % 4), 1, new ComputeTimings(1, 1, 1));
                statistics.RecordSuccess(1);
                statistics.RecordSuccess(1);
            }
        })));

        var snapshot = statistics.Snapshot("m", 1);
        Assert.Equal(Threads * PerThread, snapshot.ExecutionCount);
        Assert.Equal(new StatisticDuration(2L * Threads * PerThread, 2L * Threads * PerThread * NsPerTick), snapshot.Success);
        Assert.Equal(new StatisticDuration(2L * Threads * PerThread, 2L * Threads * PerThread), snapshot.ComputeInfer);
        Assert.Equal(Threads * PerThread, snapshot.BatchStats.Sum(b => b.ComputeInfer.Count));
        Assert.Equal([1, 2, 3, 4], snapshot.BatchStats.Select(b => b.BatchSize));
        Assert.Equal(Threads * PerThread * 10L / 4, snapshot.InferenceCount);
    }
}
