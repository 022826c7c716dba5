namespace AIaaS.Rollouts;

/// <summary>
/// What a candidate must hold to each step, measured over the same window as the stable version.
/// A null limit is not checked.
/// </summary>
[GenerateSerializer, Immutable, Alias("aiaas.rollout-slo")]
public sealed record RolloutSlo
{
    /// <summary>Largest share of the candidate's requests that may fail with a server error (5xx kinds; a caller's 4xx is not the candidate's fault).</summary>
    [Id(0)] public double? MaxErrorRate { get; init; } = 0.01;

    /// <summary>Largest p99 latency of the candidate, in milliseconds.</summary>
    [Id(1)] public double? MaxP99Ms { get; init; }

    /// <summary>Largest ratio of the candidate's p99 latency to the stable version's.</summary>
    [Id(2)] public double? MaxP99Ratio { get; init; } = 1.5;

    /// <summary>Shadow step: largest absolute difference of any output element from the stable version's answer.</summary>
    [Id(3)] public double? MaxOutputDiff { get; init; } = 0.001;

    /// <summary>Shadow step, classifiers: smallest share of rows whose top-1 class equals the stable version's.</summary>
    [Id(4)] public double? MinTop1Agreement { get; init; }
}
