namespace AIaaS.Cluster;

/// <summary>The replicas one silo hosts, or is about to (placed, not yet reported).</summary>
[GenerateSerializer, Immutable, Alias("aiaas.silo-replicas")]
internal sealed record SiloReplicas(
    [property: Id(0)] SiloAddress Silo,
    [property: Id(1)] IReadOnlyList<HostedReplica> Replicas);
