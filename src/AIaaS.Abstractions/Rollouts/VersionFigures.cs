namespace AIaaS.Rollouts;

/// <summary>One version's figures over the current step of a rollout, as <c>GET .../rollout</c> shows them.</summary>
[GenerateSerializer, Immutable, Alias("aiaas.version-figures")]
public sealed record VersionFigures
{
    [Id(0)] public long Requests { get; init; }

    /// <summary>Server errors (5xx kinds).</summary>
    [Id(1)] public long Errors { get; init; }

    /// <summary>p99 latency in milliseconds (the upper bound of its histogram bucket); 0 without requests.</summary>
    [Id(2)] public double P99Ms { get; init; }

    /// <summary>Shadow requests compared with the stable version's answers.</summary>
    [Id(3)] public long Compared { get; init; }

    /// <summary>Largest absolute output difference seen; null when nothing was compared.</summary>
    [Id(4)] public double? MaxOutputDiff { get; init; }

    /// <summary>Share of classifier rows whose top-1 class matched; null when none was compared.</summary>
    [Id(5)] public double? Top1Agreement { get; init; }

    public double ErrorRate => Requests == 0 ? 0 : (double)Errors / Requests;
}
