using AIaaS.Tenants;

namespace AIaaS.Grains.Tenants;

/// <summary>
/// Splits a tenant's cluster-wide rate between the fronts that asked for it recently, in
/// proportion to the demand each reported, so the shares always add up to the quota. A front
/// that stopped reporting drops out after <see cref="Window"/>.
/// </summary>
internal sealed class RateShareCalculator(TimeProvider time)
{
    /// <summary>Three renewal periods: a front that missed more is gone (or idle) and its share goes to the others.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(3);

    private readonly Dictionary<string, (long Demand, long At)> _fronts = new(StringComparer.Ordinal);

    public RateShare Share(TenantQuotas quotas, string front, long demand, double computeToday, long revision)
    {
        var now = time.GetTimestamp();
        _fronts[front] = (Math.Max(0, demand), now);
        foreach (var gone in _fronts.Where(f => time.GetElapsedTime(f.Value.At, now) > Window).Select(f => f.Key).ToList())
        {
            _fronts.Remove(gone);
        }

        if (quotas.RequestsPerSecond is not { } rate)
        {
            return new RateShare { ComputeSecondsToday = computeToday, Revision = revision };
        }

        // A front with no demand still gets a small weight, so its first requests are not all refused.
        var total = 0.0;
        foreach (var f in _fronts.Values)
        {
            total += Weight(f.Demand);
        }

        var fraction = Weight(demand) / total;
        var burst = quotas.Burst ?? (int)Math.Ceiling(rate);
        return new RateShare
        {
            RequestsPerSecond = rate * fraction,
            Burst = Math.Max(1, (int)Math.Round(burst * fraction)),
            ComputeSecondsToday = computeToday,
            Revision = revision,
        };
    }

    private static double Weight(long demand) => Math.Max(1, demand);
}
