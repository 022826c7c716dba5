namespace AIaaS.Http.Endpoints;

/// <summary>
/// One silo of <see cref="ClusterResponse"/>: its address (<c>ip:port@generation</c>), name, declared
/// profile (<c>unknown</c> while or once its metadata is not known here), membership status
/// (<c>joining</c>, <c>active</c>, <c>shutting_down</c>, <c>stopping</c>, <c>dead</c>, ...) and the
/// replicas it hosts, sorted.
/// </summary>
internal sealed record ClusterSiloResponse(
    string Address,
    string Name,
    string Role,
    string Accelerator,
    int GpuCount,
    int GpuMemoryMb,
    string Status,
    IReadOnlyList<ClusterReplicaResponse> Replicas);
