namespace AIaaS.Http.Endpoints;

/// <summary><c>GET /admin/usage</c>: <c>{"usage": [...]}</c>.</summary>
internal sealed record UsageResponse(IReadOnlyList<UsageRowResponse> Usage);
