using AIaaS.Inference.Execution;
using AIaaS.Statistics;

namespace AIaaS.Grains.Statistics;

/// <summary>The running totals of one batch size in a <see cref="ReplicaStatistics"/>; thread-safe.</summary>
internal sealed class BatchSizeCounters
{
    private long _count;
    private long _inputNs;
    private long _inferNs;
    private long _outputNs;

    public long Count => Interlocked.Read(ref _count);

    public void Record(ComputeTimings compute)
    {
        Interlocked.Add(ref _inputNs, compute.InputNs);
        Interlocked.Add(ref _inferNs, compute.InferNs);
        Interlocked.Add(ref _outputNs, compute.OutputNs);
        Interlocked.Increment(ref _count);
    }

    public BatchStatistics Snapshot(int batchSize)
    {
        var count = Interlocked.Read(ref _count);
        return new BatchStatistics(
            batchSize,
            new StatisticDuration(count, Interlocked.Read(ref _inputNs)),
            new StatisticDuration(count, Interlocked.Read(ref _inferNs)),
            new StatisticDuration(count, Interlocked.Read(ref _outputNs)));
    }
}
