namespace AIaaS.Rollouts;

/// <summary>
/// How a candidate version is moved into service: the traffic share of each step (0 is the shadow
/// step: the candidate sees copies of requests and answers nobody), how long each analysis
/// interval lasts, how many candidate requests a step needs before it is judged, and the SLOs it
/// is judged by.
/// </summary>
[GenerateSerializer, Immutable, Alias("aiaas.rollout-plan")]
public sealed record RolloutPlan
{
    // An array, not a collection expression: JSON grain storage (Redis) records the runtime type
    // of the list, and the compiler's synthesized read-only list type cannot be resolved on read.
    public static IReadOnlyList<int> DefaultSteps { get; } = new[] { 0, 5, 25, 50, 100 };

    /// <summary>The candidate version; it must be in the model repository.</summary>
    [Id(0)] public required int Version { get; init; }

    /// <summary>Traffic share of the candidate per step, in percent, ascending, each 0 to 100.</summary>
    [Id(1)] public IReadOnlyList<int> Steps { get; init; } = DefaultSteps;

    /// <summary>Seconds between two analyses (gate decisions).</summary>
    [Id(2)] public double IntervalSeconds { get; init; } = 30;

    /// <summary>Candidate requests a step needs before it is judged; until then the step holds.</summary>
    [Id(3)] public long MinRequests { get; init; } = 200;

    [Id(4)] public RolloutSlo Slo { get; init; } = new();

    /// <summary>Start even when the candidate's inputs or outputs differ from the stable version's.</summary>
    [Id(5)] public bool Force { get; init; }

    /// <summary>Percent of requests copied to the candidate during the shadow step.</summary>
    [Id(6)] public int ShadowShare { get; init; } = 100;
}
