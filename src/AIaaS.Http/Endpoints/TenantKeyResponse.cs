namespace AIaaS.Http.Endpoints;

/// <summary>A key as listed: never the key itself.</summary>
internal sealed record TenantKeyResponse(string Id, string Prefix, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt);
