namespace AIaaS.Routing;

/// <summary>One ready version in a <see cref="RoutingTable"/>; replicas are keyed <c>{model}/{version}/{index}</c>.</summary>
[GenerateSerializer, Immutable, Alias("aiaas.routed-version")]
public sealed record RoutedVersion(
    [property: Id(0)] int Version,
    [property: Id(1)] int Weight,
    [property: Id(2)] int Replicas);
