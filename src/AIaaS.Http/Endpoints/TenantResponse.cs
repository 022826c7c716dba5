namespace AIaaS.Http.Endpoints;

/// <summary>A tenant in the admin API.</summary>
internal sealed record TenantResponse(
    string Id,
    string Name,
    IReadOnlyList<string> Models,
    TenantQuotasBody Quotas,
    int Priority,
    bool Admin,
    DateTimeOffset CreatedAt,
    IReadOnlyList<TenantKeyResponse> Keys);
