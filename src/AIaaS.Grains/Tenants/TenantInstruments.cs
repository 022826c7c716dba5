using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace AIaaS.Grains.Tenants;

/// <summary>
/// Per-tenant metrics: <c>aiaas_tenant_requests_total</c>, <c>aiaas_tenant_compute_seconds_total</c>
/// (both by tenant, model and outcome/none) and <c>aiaas_quota_rejections_total</c> (tenant, model, quota).
/// </summary>
internal sealed class TenantInstruments
{
    public const string MeterName = "AIaaS.Tenants";

    public TenantInstruments(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        Requests = meter.CreateCounter<long>("aiaas.tenant.requests", "{request}", "Requests by tenant, model and outcome, counted where they ran");
        ComputeSeconds = meter.CreateCounter<double>("aiaas.tenant.compute", "s", "Model compute by tenant and model: each request's share of its batch");
        QuotaRejections = meter.CreateCounter<long>("aiaas.quota.rejections", "{request}", "Requests refused by a tenant's quota, by tenant, model and quota");
    }

    public Counter<long> Requests { get; }

    public Counter<double> ComputeSeconds { get; }

    public Counter<long> QuotaRejections { get; }

    public void Rejected(string tenant, string model, string quota)
    {
        if (QuotaRejections.Enabled)
        {
            QuotaRejections.Add(1, new TagList { { "tenant", tenant }, { "model", model }, { "quota", quota } });
        }
    }
}
