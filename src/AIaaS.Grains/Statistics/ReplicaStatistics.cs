using System.Collections.Concurrent;
using AIaaS.Inference.Execution;
using AIaaS.Statistics;

namespace AIaaS.Grains.Statistics;

/// <summary>
/// The running totals of one loaded replica for Triton's statistics extension. The replica grain
/// records each request's outcome; its scheduler records each successful execution from executor
/// threads. Every total changes by <see cref="Interlocked"/>, so recording takes no lock and
/// allocates nothing (a batch size's counters are created once, the first time that size runs).
/// </summary>
/// <remarks>
/// A snapshot reads the totals one by one while recording goes on: an execution may show in
/// <c>execution_count</c> a moment before its requests show in <c>success</c>. Totals live as long
/// as the replica's session: a new session starts from zero, as Triton's do on a reload.
/// </remarks>
internal sealed class ReplicaStatistics
{
    private readonly TimeProvider _time;
    private readonly double _nanosecondsPerTick;
    // Index = batch size in items. Validation holds every batch to max_batch_size, so the array
    // covers all; the dictionary exists only so that a size past it would still be counted.
    private readonly BatchSizeCounters?[] _bySize;
    private ConcurrentDictionary<int, BatchSizeCounters>? _beyondMax;
    private long _lastInference;
    private long _inferenceCount;
    private long _executionCount;
    private long _successCount;
    private long _successNs;
    private long _failCount;
    private long _failNs;
    // Successful requests whose queue and compute times are counted: those of successful executions.
    private long _executedRequests;
    private long _queueNs;
    private long _computeInputNs;
    private long _computeInferNs;
    private long _computeOutputNs;

    /// <param name="time">The clock of request and queue times (the one the grain and scheduler use).</param>
    /// <param name="maxBatchSize">The model's <c>max_batch_size</c>; 0 for a model without a batch axis.</param>
    public ReplicaStatistics(TimeProvider time, int maxBatchSize)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentOutOfRangeException.ThrowIfNegative(maxBatchSize);
        _time = time;
        _nanosecondsPerTick = 1_000_000_000.0 / time.TimestampFrequency;
        _bySize = new BatchSizeCounters?[Math.Max(1, maxBatchSize) + 1];
    }

    /// <summary>A request succeeded <paramref name="elapsedTicks"/> (<see cref="TimeProvider"/> ticks) after reaching the replica.</summary>
    public void RecordSuccess(long elapsedTicks)
    {
        Interlocked.Add(ref _successNs, ToNanoseconds(elapsedTicks));
        Interlocked.Increment(ref _successCount);
        MarkLastInference();
    }

    /// <summary>A request failed, for any reason, <paramref name="elapsedTicks"/> after reaching the replica.</summary>
    public void RecordFailure(long elapsedTicks)
    {
        Interlocked.Add(ref _failNs, ToNanoseconds(elapsedTicks));
        Interlocked.Increment(ref _failCount);
        MarkLastInference();
    }

    /// <summary>
    /// One successful model execution. As Triton does, each of its requests is charged the whole
    /// batch's compute times; failed executions are not recorded here (their requests count as failures).
    /// </summary>
    /// <param name="requests">Requests in the batch.</param>
    /// <param name="items">The batch's size: the sum of its requests' batch dimensions.</param>
    /// <param name="queueTicks">The requests' waits from queueing to this execution's start, added up, in <see cref="TimeProvider"/> ticks.</param>
    /// <param name="compute">The execution's input, infer and output times.</param>
    public void RecordExecution(int requests, int items, long queueTicks, ComputeTimings compute)
    {
        Interlocked.Add(ref _queueNs, ToNanoseconds(queueTicks));
        Interlocked.Add(ref _computeInputNs, requests * compute.InputNs);
        Interlocked.Add(ref _computeInferNs, requests * compute.InferNs);
        Interlocked.Add(ref _computeOutputNs, requests * compute.OutputNs);
        Interlocked.Add(ref _executedRequests, requests);
        Interlocked.Add(ref _inferenceCount, items);
        Interlocked.Increment(ref _executionCount);
        CountersOf(items).Record(compute);
    }

    /// <summary>The totals so far, as the wire type.</summary>
    public ModelStatistics Snapshot(string model, int version)
    {
        var executed = Interlocked.Read(ref _executedRequests);
        return new ModelStatistics(
            model,
            version,
            Interlocked.Read(ref _lastInference),
            Interlocked.Read(ref _inferenceCount),
            Interlocked.Read(ref _executionCount),
            new StatisticDuration(Interlocked.Read(ref _successCount), Interlocked.Read(ref _successNs)),
            new StatisticDuration(Interlocked.Read(ref _failCount), Interlocked.Read(ref _failNs)),
            new StatisticDuration(executed, Interlocked.Read(ref _queueNs)),
            new StatisticDuration(executed, Interlocked.Read(ref _computeInputNs)),
            new StatisticDuration(executed, Interlocked.Read(ref _computeInferNs)),
            new StatisticDuration(executed, Interlocked.Read(ref _computeOutputNs)),
            BatchSnapshot());
    }

    private List<BatchStatistics> BatchSnapshot()
    {
        var batches = new List<BatchStatistics>();
        for (var size = 0; size < _bySize.Length; size++)
        {
            if (Volatile.Read(ref _bySize[size]) is { Count: > 0 } counters)
            {
                batches.Add(counters.Snapshot(size));
            }
        }

        if (Volatile.Read(ref _beyondMax) is { } beyondMax)
        {
            batches.AddRange(beyondMax.OrderBy(e => e.Key).Select(e => e.Value.Snapshot(e.Key)));
        }

        return batches;
    }

    private BatchSizeCounters CountersOf(int size)
    {
        if ((uint)size < (uint)_bySize.Length)
        {
            var counters = Volatile.Read(ref _bySize[size]);
            if (counters is null)
            {
                var created = new BatchSizeCounters();
                counters = Interlocked.CompareExchange(ref _bySize[size], created, null) ?? created;
            }

            return counters;
        }

        var beyondMax = Volatile.Read(ref _beyondMax);
        if (beyondMax is null)
        {
            var created = new ConcurrentDictionary<int, BatchSizeCounters>();
            beyondMax = Interlocked.CompareExchange(ref _beyondMax, created, null) ?? created;
        }

        return beyondMax.GetOrAdd(size, static _ => new BatchSizeCounters());
    }

    private void MarkLastInference()
    {
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        var seen = Interlocked.Read(ref _lastInference);
        // Requests finish on many threads; keep the latest, never move back.
        while (seen < now)
        {
            var previous = Interlocked.CompareExchange(ref _lastInference, now, seen);
            if (previous == seen)
            {
                return;
            }

            seen = previous;
        }
    }

    private long ToNanoseconds(long ticks) => (long)(ticks * _nanosecondsPerTick);
}
