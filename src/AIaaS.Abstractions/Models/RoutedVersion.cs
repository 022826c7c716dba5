namespace AIaaS.Models;

/// <summary>One ready version in a <see cref="RoutingTable"/>; replicas are keyed <c>{model}/{version}/{index}</c>.</summary>
/// <param name="Shadow">Percent of the requests routed by weight to another version of which a copy goes to this one (a rollout's shadow step); its answers are compared, never returned.</param>
[GenerateSerializer, Immutable, Alias("aiaas.routed-version")]
public sealed record RoutedVersion(
    [property: Id(0)] int Version,
    [property: Id(1)] int Weight,
    [property: Id(2)] int Replicas,
    [property: Id(3)] int Shadow = 0);
