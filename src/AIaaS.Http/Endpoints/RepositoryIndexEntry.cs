namespace AIaaS.Http.Endpoints;

/// <summary>One entry of <c>POST /v2/repository/index</c>, with Triton's states READY, LOADING, UNAVAILABLE.</summary>
internal sealed record RepositoryIndexEntry(string Name, string? Version, string? State, string? Reason);
