namespace AIaaS.Rollouts;

/// <summary>One change of a version's replica count by the autoscaler or an operator.</summary>
/// <param name="At">When, UTC.</param>
/// <param name="Version">The version scaled.</param>
/// <param name="From">Replicas before.</param>
/// <param name="To">Replicas after.</param>
/// <param name="Reason">Why, with the figures (average requests in flight against the target).</param>
[GenerateSerializer, Immutable, Alias("aiaas.scaling-decision")]
public sealed record ScalingDecision(
    [property: Id(0)] DateTimeOffset At,
    [property: Id(1)] int Version,
    [property: Id(2)] int From,
    [property: Id(3)] int To,
    [property: Id(4)] string Reason);
