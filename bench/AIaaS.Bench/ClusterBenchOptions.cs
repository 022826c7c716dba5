namespace AIaaS.Bench;

/// <summary>
/// The cluster measurement's settings (<see cref="ClusterCommand"/>).
/// </summary>
internal sealed record ClusterBenchOptions
{
    public string Models { get; init; } = "models";

    /// <summary>Each throughput window, and how long the failover load runs before the kill.</summary>
    public int Seconds { get; init; } = 5;

    public int Concurrency { get; init; } = 32;

    public int Rounds { get; init; } = 2;

    /// <summary>How long the failover load goes on after the kill.</summary>
    public int RecoverySeconds { get; init; } = 30;
}
