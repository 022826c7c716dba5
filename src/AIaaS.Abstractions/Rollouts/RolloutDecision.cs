namespace AIaaS.Rollouts;

/// <summary>One entry of a rollout's history: what the controller (or an operator) did, why, and the figures it saw.</summary>
/// <param name="At">When, UTC.</param>
/// <param name="Action"><c>start</c>, <c>hold</c>, <c>advance</c>, <c>promote</c>, <c>rollback</c>, <c>pause</c>, <c>resume</c> or <c>abort</c>.</param>
/// <param name="Step">The step index the decision was taken at.</param>
/// <param name="Share">The candidate's traffic share after the decision, in percent.</param>
/// <param name="Reason">Why, in words with the figures.</param>
/// <param name="Figures">Both versions' figures over the step, by version number as text.</param>
[GenerateSerializer, Immutable, Alias("aiaas.rollout-decision")]
public sealed record RolloutDecision(
    [property: Id(0)] DateTimeOffset At,
    [property: Id(1)] string Action,
    [property: Id(2)] int Step,
    [property: Id(3)] int Share,
    [property: Id(4)] string Reason,
    [property: Id(5)] IReadOnlyDictionary<string, VersionFigures> Figures);
