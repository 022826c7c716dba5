namespace AIaaS.Http.Endpoints;

/// <summary>
/// The body of <c>POST /admin/tenants</c> (every field but <c>id</c> optional) and of
/// <c>PATCH /admin/tenants/{id}</c> (absent fields keep their value; <c>quotas</c> replaces all quotas).
/// </summary>
internal sealed record TenantBody(string? Id, string? Name, string[]? Models, TenantQuotasBody? Quotas, int? Priority, bool? Admin);
