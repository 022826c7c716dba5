namespace AIaaS.Http.Rollouts;

/// <summary>One entry of a rollout's <c>history</c>.</summary>
internal sealed record RolloutDecisionResponse(
    DateTimeOffset At,
    string Action,
    int Step,
    int Share,
    string Reason,
    IReadOnlyDictionary<string, VersionFiguresResponse> Figures);
