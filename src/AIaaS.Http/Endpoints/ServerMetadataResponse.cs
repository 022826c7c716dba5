namespace AIaaS.Http.Endpoints;

/// <summary>Server metadata, <c>GET /v2</c>.</summary>
internal sealed record ServerMetadataResponse(string Name, string Version, IReadOnlyList<string> Extensions);
