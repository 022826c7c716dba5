namespace AIaaS.Cli.Remote;

/// <summary>One silo of <see cref="ClusterView"/>.</summary>
internal sealed record ClusterViewSilo(
    string Address,
    string Name,
    string Role,
    string Accelerator,
    int GpuCount,
    int GpuMemoryMb,
    string Status,
    IReadOnlyList<ClusterViewReplica> Replicas);
