using AIaaS.Rollouts;

namespace AIaaS.Grains.Rollouts;

/// <summary>
/// A rollout as the model grain persists it: the plan, where it stands, what both versions did
/// over the current step (accumulated interval by interval, so a restart loses at most the
/// interval in progress), and the history of decisions.
/// </summary>
[GenerateSerializer, Alias("aiaas.rollout-record")]
internal sealed class RolloutRecord
{
    [Id(0)] public required RolloutPlan Plan { get; set; }

    [Id(1)] public required int StableVersion { get; set; }

    [Id(2)] public RolloutState State { get; set; } = RolloutState.Running;

    /// <summary>Index into the plan's steps.</summary>
    [Id(3)] public int Step { get; set; }

    [Id(4)] public DateTimeOffset StartedAt { get; set; }

    [Id(5)] public DateTimeOffset StepStartedAt { get; set; }

    [Id(6)] public ServingFigures StableFigures { get; set; } = ServingWindow.Empty;

    [Id(7)] public ServingFigures CandidateFigures { get; set; } = ServingWindow.Empty;

    [Id(8)] public List<RolloutDecision> History { get; set; } = [];

    [Id(9)] public string? Reason { get; set; }

    /// <summary>
    /// The stable version's p99 at the last passed step where it served the minimum of requests:
    /// what the latency ratio is judged against at a step where it serves too few (100%).
    /// </summary>
    [Id(10)] public double? StableBaselineP99Ms { get; set; }

    public bool IsActive => State is RolloutState.Running or RolloutState.Paused;

    /// <summary>The candidate's traffic share in percent: the step's while active, all after promotion, none otherwise.</summary>
    public int Share => State switch
    {
        RolloutState.Running or RolloutState.Paused => Plan.Steps[Step],
        RolloutState.Promoted => 100,
        _ => 0,
    };

    public bool Shadowing => IsActive && Plan.Steps[Step] == 0;
}
