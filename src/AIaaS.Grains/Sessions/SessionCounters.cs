using System.Collections.Concurrent;
using AIaaS.Statistics;

namespace AIaaS.Grains.Sessions;

/// <summary>
/// This silo's totals for the sessions it has held, by model and version, since it started: what
/// <see cref="SessionStatisticsReporter"/> sends to the model grains for the statistics extension.
/// Session grains of many models count here at once, so every count is interlocked.
/// </summary>
internal sealed class SessionCounters
{
    private readonly ConcurrentDictionary<(string Model, int Version), Totals> _totals = new();
    private long _changes;

    /// <summary>Raised by every count: the reporter sends nothing while it stays the same.</summary>
    public long Changes => Interlocked.Read(ref _changes);

    public void Opened(string model, int version) => Interlocked.Increment(ref For(model, version).Active);

    public void Closed(string model, int version) => Interlocked.Decrement(ref For(model, version).Active);

    public void Started(string model, int version) => Interlocked.Increment(ref For(model, version).Started);

    public void Stepped(string model, int version, bool repeated)
    {
        var totals = For(model, version);
        Interlocked.Increment(ref repeated ? ref totals.Repeated : ref totals.Steps);
    }

    public void FailedOver(string model, int version) => Interlocked.Increment(ref For(model, version).Failovers);

    public void Checkpointed(string model, int version, TimeSpan duration)
    {
        var totals = For(model, version);
        Interlocked.Increment(ref totals.Checkpoints);
        Interlocked.Add(ref totals.CheckpointNs, (long)(duration.TotalMilliseconds * 1_000_000));
    }

    /// <summary>Every model's totals, one entry per version.</summary>
    public IReadOnlyDictionary<string, SequenceStatistics[]> Snapshot() =>
        _totals
            .GroupBy(e => e.Key.Model, StringComparer.Ordinal)
            .ToDictionary(
                g => g.Key,
                g => g.Select(e => e.Value.Read(e.Key.Version)).OrderBy(s => s.Version).ToArray(),
                StringComparer.Ordinal);

    // Every count goes through here, so every count raises Changes.
    private Totals For(string model, int version)
    {
        Interlocked.Increment(ref _changes);
        return _totals.GetOrAdd((model, version), static _ => new Totals());
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
