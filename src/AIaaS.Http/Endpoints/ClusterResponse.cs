namespace AIaaS.Http.Endpoints;

/// <summary>The cluster as this silo sees it, <c>GET /admin/cluster</c>: every silo of the membership, sorted by address.</summary>
internal sealed record ClusterResponse(IReadOnlyList<ClusterSiloResponse> Silos);
