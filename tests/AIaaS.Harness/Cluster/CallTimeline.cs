using System.Collections.Concurrent;

namespace AIaaS.Testing.Cluster;

/// <summary>
/// Records when each call of a load generator was answered and whether it failed, by wrapping
/// the call (<see cref="Record"/>) the generator runs: the generator stays the one that
/// measures throughput and latency, this keeps the timeline a failover is read from.
/// Thread-safe; bounded by the load, which is bounded in count and time.
/// </summary>
public sealed class CallTimeline(TimeProvider? time = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly ConcurrentQueue<CallOutcome> _outcomes = new();

    /// <summary>Now, on the clock the outcomes are stamped with (e.g. the moment of a kill).</summary>
    public long GetTimestamp() => _time.GetTimestamp();

    /// <summary>A call that runs <paramref name="call"/>, records its outcome, and rethrows its error.</summary>
    public Func<CancellationToken, Task> Record(Func<CancellationToken, Task> call)
    {
        ArgumentNullException.ThrowIfNull(call);
        return async cancellationToken =>
        {
            try
            {
                await call(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                _outcomes.Enqueue(new CallOutcome(_time.GetTimestamp(), ex));
                throw;
            }

            _outcomes.Enqueue(new CallOutcome(_time.GetTimestamp(), null));
        };
    }

    /// <summary>The outcomes so far read around <paramref name="killedAt"/> (<see cref="GetTimestamp"/>).</summary>
    public FailoverWindow Failover(long killedAt) => FailoverWindow.Measure(_outcomes.ToArray(), killedAt, _time.TimestampFrequency);
}
