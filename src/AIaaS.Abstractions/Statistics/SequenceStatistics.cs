namespace AIaaS.Statistics;

/// <summary>
/// What the sessions of one stateful model version did, in the statistics extension beside
/// Triton's fields (<c>sequence_stats</c>): counted by each silo for the sessions it holds and
/// reported to the model grain, which adds the silos' reports.
/// </summary>
/// <param name="Version">The model version the sessions are pinned to.</param>
/// <param name="Active">Sessions open now (on silos that reported lately).</param>
/// <param name="Started">Start steps run.</param>
/// <param name="Steps">Steps run, start steps included (repeats not).</param>
/// <param name="Repeated">Steps answered again from the kept result (a caller's retry).</param>
/// <param name="Failovers">Open sessions resumed from stored state by a new activation.</param>
/// <param name="Checkpoints">States stored, and the time the stores took.</param>
[GenerateSerializer, Immutable, Alias("aiaas.sequence-statistics")]
public sealed record SequenceStatistics(
    [property: Id(0)] int Version,
    [property: Id(1)] long Active,
    [property: Id(2)] long Started,
    [property: Id(3)] long Steps,
    [property: Id(4)] long Repeated,
    [property: Id(5)] long Failovers,
    [property: Id(6)] StatisticDuration Checkpoints)
{
    /// <summary>Both reports of one version as one.</summary>
    public SequenceStatistics Add(SequenceStatistics other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new SequenceStatistics(
            Version,
            Active + other.Active,
            Started + other.Started,
            Steps + other.Steps,
            Repeated + other.Repeated,
            Failovers + other.Failovers,
            Checkpoints.Add(other.Checkpoints));
    }
}
