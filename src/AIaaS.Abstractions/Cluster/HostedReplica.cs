namespace AIaaS.Cluster;

/// <summary>A replica as placement and the cluster view know it: which model version, which index, what it needs.</summary>
[GenerateSerializer, Immutable, Alias("aiaas.hosted-replica")]
internal sealed record HostedReplica(
    [property: Id(0)] string Model,
    [property: Id(1)] int Version,
    [property: Id(2)] int Index,
    [property: Id(3)] string Accelerator,
    [property: Id(4)] int GpuMemoryMb);
