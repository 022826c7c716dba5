using AIaaS.Rollouts;

namespace AIaaS.Grains.Rollouts;

/// <summary>
/// A replica's running totals for the rollout gate and the autoscaler, recorded where requests
/// are served. Recording is lock-free (<see cref="Interlocked"/>) and allocates nothing; readers
/// difference two readings to get a window, so several readers need no reset.
/// </summary>
internal sealed class ServingCounters
{
    private readonly long[] _latency = new long[LatencyBuckets.Count];
    private long _requests;
    private long _serverErrors;
    private long _busyMicroseconds;
    private long _compared;
    private long _top1Rows;
    private long _top1Agreed;
    private double _maxOutputDiff;

    /// <summary>Names this set of totals: a new activation starts from zero under a new epoch.</summary>
    public Guid Epoch { get; } = Guid.NewGuid();

    public void Record(double elapsedMicroseconds, bool serverError)
    {
        Interlocked.Increment(ref _latency[LatencyBuckets.IndexOf(elapsedMicroseconds)]);
        Interlocked.Add(ref _busyMicroseconds, (long)elapsedMicroseconds);
        if (serverError)
        {
            Interlocked.Increment(ref _serverErrors);
        }

        Interlocked.Increment(ref _requests);
    }

    public void RecordComparison(OutputComparison comparison)
    {
        Interlocked.Add(ref _top1Rows, comparison.Top1Rows);
        Interlocked.Add(ref _top1Agreed, comparison.Top1Agreed);
        var seen = Volatile.Read(ref _maxOutputDiff);
        while (comparison.MaxAbsDiff > seen)
        {
            var previous = Interlocked.CompareExchange(ref _maxOutputDiff, comparison.MaxAbsDiff, seen);
            if (previous.Equals(seen))
            {
                break;
            }

            seen = previous;
        }

        Interlocked.Increment(ref _compared);
    }

    public ReplicaFigures Read(bool takeMaxOutputDiff)
    {
        var max = takeMaxOutputDiff ? Interlocked.Exchange(ref _maxOutputDiff, 0) : Volatile.Read(ref _maxOutputDiff);
        var latency = new long[_latency.Length];
        for (var i = 0; i < latency.Length; i++)
        {
            latency[i] = Interlocked.Read(ref _latency[i]);
        }

        return new ReplicaFigures(Epoch, new ServingFigures(
            Interlocked.Read(ref _requests),
            Interlocked.Read(ref _serverErrors),
            latency,
            Interlocked.Read(ref _busyMicroseconds),
            Interlocked.Read(ref _compared),
            Interlocked.Read(ref _top1Rows),
            Interlocked.Read(ref _top1Agreed),
            max));
    }
}
