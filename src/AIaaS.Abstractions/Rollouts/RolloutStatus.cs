namespace AIaaS.Rollouts;

/// <summary>A rollout as <c>GET /v2/models/{m}/rollout</c> shows it.</summary>
[GenerateSerializer, Immutable, Alias("aiaas.rollout-status")]
public sealed record RolloutStatus
{
    [Id(0)] public required string Model { get; init; }

    /// <summary>The candidate.</summary>
    [Id(1)] public required int Version { get; init; }

    /// <summary>The version that served all traffic when the rollout started.</summary>
    [Id(2)] public required int StableVersion { get; init; }

    [Id(3)] public required RolloutState State { get; init; }

    /// <summary>Index of the current step in <see cref="RolloutPlan.Steps"/>.</summary>
    [Id(4)] public required int Step { get; init; }

    /// <summary>The candidate's traffic share now, in percent (0 in the shadow step and after a rollback).</summary>
    [Id(5)] public required int Share { get; init; }

    [Id(6)] public required RolloutPlan Plan { get; init; }

    /// <summary>Both versions' figures over the current step, by version number as text.</summary>
    [Id(7)] public required IReadOnlyDictionary<string, VersionFigures> Figures { get; init; }

    [Id(8)] public required IReadOnlyList<RolloutDecision> History { get; init; }

    /// <summary>Why the rollout ended, when it was rolled back or aborted.</summary>
    [Id(9)] public string? Reason { get; init; }

    [Id(10)] public required DateTimeOffset StartedAt { get; init; }

    /// <summary>True while the candidate receives copies of requests rather than traffic.</summary>
    [Id(11)] public bool Shadowing { get; init; }
}
