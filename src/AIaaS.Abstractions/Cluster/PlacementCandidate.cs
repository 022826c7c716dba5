namespace AIaaS.Cluster;

/// <summary>A silo placement may choose, with its declared profile.</summary>
[GenerateSerializer, Immutable, Alias("aiaas.placement-candidate")]
internal sealed record PlacementCandidate(
    [property: Id(0)] SiloAddress Silo,
    [property: Id(1)] SiloProfile Profile);
