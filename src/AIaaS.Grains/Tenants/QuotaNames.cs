namespace AIaaS.Grains.Tenants;

/// <summary>The quotas as named in errors, in <c>aiaas_quota_rejections_total</c> and in the admin API.</summary>
internal static class QuotaNames
{
    public const string RequestsPerSecond = "requests_per_second";
    public const string MaxConcurrency = "max_concurrency";
    public const string ComputeSecondsPerDay = "compute_seconds_per_day";
}
