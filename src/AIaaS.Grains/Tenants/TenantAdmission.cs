using System.Collections.Concurrent;
using System.Globalization;
using System.Threading.RateLimiting;
using AIaaS.Tenants;
using Microsoft.Extensions.Logging;

namespace AIaaS.Grains.Tenants;

/// <summary>
/// Enforces tenants' quotas on this silo, partitioned by tenant, with no grain call per request:
/// <list type="bullet">
/// <item>rate: a token bucket per tenant holding this silo's share of the tenant's cluster-wide
/// rate, leased from the tenant grain every <see cref="TenantAuthOptions.LeasePeriod"/> in the
/// background in proportion to the demand each silo reports (the first request of a tenant on a
/// silo waits for the first lease);</item>
/// <item>concurrency: requests in flight per tenant on this silo;</item>
/// <item>compute per day: refused once the tenant's compute today, as of the last lease, reaches
/// the budget (so it may overshoot by what ran within one flush interval and one lease period).</item>
/// </list>
/// </summary>
internal sealed partial class TenantAdmission(
    IGrainFactory grains,
    TenantAuthOptions options,
    TenantInstruments instruments,
    TimeProvider time,
    ILogger<TenantAdmission> logger) : IDisposable
{
    /// <summary>A tenant without requests this long is dropped; its next request leases anew.</summary>
    private static readonly TimeSpan IdleAfter = TimeSpan.FromSeconds(10);

    private readonly ConcurrentDictionary<string, TenantQuotaState> _states = new(StringComparer.Ordinal);

    /// <summary>Who this silo is to the tenant grains when leasing; set at start to the silo address.</summary>
    public string Front { get; set; } = Guid.NewGuid().ToString("N");

    /// <summary>Admits or refuses one request of <paramref name="policy"/>'s tenant for <paramref name="model"/>.</summary>
    public async ValueTask<Admission> AdmitAsync(TenantPolicy policy, string model)
    {
        var quotas = policy.Definition.Quotas;
        if (quotas.RequestsPerSecond is null && quotas.MaxConcurrency is null && quotas.ComputeSecondsPerDay is null)
        {
            return Admission.Unlimited;
        }

        var state = _states.GetOrAdd(policy.Tenant, static t => new TenantQuotaState(t));
        state.LastSeen = time.GetTimestamp();
        state.CountDemand();
        state.ApplyConcurrency(quotas.MaxConcurrency);
        if (!state.FirstShare.Task.IsCompleted)
        {
            await FirstLeaseAsync(state).ConfigureAwait(false);
        }

        if (quotas.ComputeSecondsPerDay is { } budget && state.ComputeToday >= budget)
        {
            var midnight = time.GetUtcNow().UtcDateTime.Date.AddDays(1);
            return Refuse(policy, model, QuotaNames.ComputeSecondsPerDay, midnight - time.GetUtcNow().UtcDateTime,
                string.Create(CultureInfo.InvariantCulture, $"tenant '{policy.Tenant}' has used its compute_seconds_per_day quota ({budget} s); it renews at 00:00 UTC"));
        }

        if (state.Rate is { } bucket)
        {
            using var token = bucket.AttemptAcquire();
            if (!token.IsAcquired)
            {
                var retry = token.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromSeconds(1);
                return Refuse(policy, model, QuotaNames.RequestsPerSecond, retry,
                    string.Create(CultureInfo.InvariantCulture, $"tenant '{policy.Tenant}' is over its requests_per_second quota ({quotas.RequestsPerSecond}/s, burst {quotas.Burst ?? (int)Math.Ceiling(quotas.RequestsPerSecond ?? 0)})"));
            }
        }

        if (state.Concurrency is { } concurrency)
        {
            var slot = concurrency.AttemptAcquire();
            if (!slot.IsAcquired)
            {
                slot.Dispose();
                return Refuse(policy, model, QuotaNames.MaxConcurrency, TimeSpan.FromSeconds(1),
                    string.Create(CultureInfo.InvariantCulture, $"tenant '{policy.Tenant}' is over its max_concurrency quota ({quotas.MaxConcurrency} requests in flight)"));
            }

            return Admission.Granted(slot);
        }

        return Admission.Unlimited;
    }

    /// <summary>Renews every active tenant's share; drops tenants idle for a while. Run every lease period.</summary>
    public async Task RenewAsync()
    {
        var now = time.GetTimestamp();
        foreach (var state in _states.Values)
        {
            if (time.GetElapsedTime(state.LastSeen, now) > IdleAfter)
            {
                if (_states.TryRemove(state.Tenant, out var idle))
                {
                    idle.Dispose();
                }

                continue;
            }

            try
            {
                await LeaseAsync(state).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                // The last share stays in force; the next period tries again.
                LogLeaseFailed(logger, state.Tenant, ex);
            }
        }
    }

    public void Dispose()
    {
        foreach (var state in _states.Values)
        {
            state.Dispose();
        }
    }

    /// <summary>One lease call for the first requests of a tenant, however many arrive at once.</summary>
    private async Task FirstLeaseAsync(TenantQuotaState state)
    {
        if (Interlocked.Exchange(ref state.Leasing, 1) == 0)
        {
            try
            {
                await LeaseAsync(state).ConfigureAwait(false);
            }
            finally
            {
                Volatile.Write(ref state.Leasing, 0);
            }
        }
        else
        {
            await state.FirstShare.Task.WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        }
    }

    private async Task LeaseAsync(TenantQuotaState state)
    {
        var share = await grains.GetGrain<ITenantGrain>(state.Tenant).LeaseRate(Front, state.TakeDemand()).ConfigureAwait(false);
        state.ApplyShare(share);
        state.FirstShare.TrySetResult();
    }

    private Admission Refuse(TenantPolicy policy, string model, string quota, TimeSpan retryAfter, string message)
    {
        instruments.Rejected(policy.Tenant, model, quota);
        return Admission.Refused(new QuotaRejection(quota, retryAfter, message));
    }

    internal TimeSpan LeasePeriod => options.LeasePeriod;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Renewing the rate share of tenant {Tenant} failed")]
    private static partial void LogLeaseFailed(ILogger logger, string tenant, Exception exception);
}
