using System.Collections.Concurrent;
using AIaaS.Statistics;

namespace AIaaS.Grains.Sessions;

/// <summary>
/// This silo's totals for the sessions it has held, by model and version, since it started: what
/// <see cref="SessionStatisticsReporter"/> sends to the model grains for the statistics extension.
/// Session grains of many models count here at once, so every count is interlocked.
/// </summary>
public sealed class SessionCounters
{
    private readonly ConcurrentDictionary<(string Model, int Version), Totals> _totals = new();
    private long _changes;

    /// <summary>Raised by every count: the reporter sends nothing while it stays the same.</summary>
    public long Changes => Interlocked.Read(ref _changes);

    public void Opened(string model, int version) => Count(model, version, static t => Interlocked.Increment(ref t.Active));

    public void Closed(string model, int version) => Count(model, version, static t => Interlocked.Decrement(ref t.Active));

    public void Started(string model, int version) => Count(model, version, static t => Interlocked.Increment(ref t.Started));

    public void Stepped(string model, int version, bool repeated) =>
        Count(model, version, repeated ? static t => Interlocked.Increment(ref t.Repeated) : static t => Interlocked.Increment(ref t.Steps));

    public void FailedOver(string model, int version) => Count(model, version, static t => Interlocked.Increment(ref t.Failovers));

    public void Checkpointed(string model, int version, TimeSpan duration) => Count(model, version, t =>
    {
        Interlocked.Increment(ref t.Checkpoints);
        Interlocked.Add(ref t.CheckpointNs, (long)(duration.TotalMilliseconds * 1_000_000));
    });

    /// <summary>Every model's totals, one entry per version.</summary>
    public IReadOnlyDictionary<string, SequenceStatistics[]> Snapshot() =>
        _totals
            .GroupBy(e => e.Key.Model, StringComparer.Ordinal)
            .ToDictionary(
                g => g.Key,
                g => g.Select(e => e.Value.Read(e.Key.Version)).OrderBy(s => s.Version).ToArray(),
                StringComparer.Ordinal);

    private void Count(string model, int version, Action<Totals> count)
    {
        count(_totals.GetOrAdd((model, version), static _ => new Totals()));
        Interlocked.Increment(ref _changes);
    }

    private sealed class Totals
    {
        public long Active;
        public long Started;
        public long Steps;
        public long Repeated;
        public long Failovers;
        public long Checkpoints;
        public long CheckpointNs;

        public SequenceStatistics Read(int version) => new(
            version,
            Interlocked.Read(ref Active),
            Interlocked.Read(ref Started),
            Interlocked.Read(ref Steps),
            Interlocked.Read(ref Repeated),
            Interlocked.Read(ref Failovers),
            new StatisticDuration(Interlocked.Read(ref Checkpoints), Interlocked.Read(ref CheckpointNs)));
    }
}
