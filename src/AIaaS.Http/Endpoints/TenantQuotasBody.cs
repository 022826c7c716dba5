namespace AIaaS.Http.Endpoints;

/// <summary><c>quotas</c> of a tenant in the admin API; an absent field is unlimited.</summary>
internal sealed record TenantQuotasBody(double? RequestsPerSecond, int? Burst, int? MaxConcurrency, double? ComputeSecondsPerDay);
