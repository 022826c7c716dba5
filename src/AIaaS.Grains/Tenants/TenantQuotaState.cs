using System.Threading.RateLimiting;
using AIaaS.Tenants;

namespace AIaaS.Grains.Tenants;

/// <summary>
/// One tenant's limiters on one silo: a token bucket holding this silo's share of the cluster-wide
/// rate (rebuilt, with its tokens carried over, when the share moves), a concurrency limiter, and
/// the compute used today as last leased.
/// </summary>
internal sealed class TenantQuotaState(string tenant) : IDisposable
{
    private readonly Lock _gate = new();
    private long _demand;

    public string Tenant { get; } = tenant;

    /// <summary>Completed once the first share arrived, so the first requests wait for it rather than guess.</summary>
    public TaskCompletionSource FirstShare { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TokenBucketRateLimiter? Rate { get; private set; }

    public double? RateShare { get; private set; }

    public int BurstShare { get; private set; }

    public ConcurrencyLimiter? Concurrency { get; private set; }

    public int? ConcurrencyLimit { get; private set; }

    public double ComputeToday { get; set; }

    /// <summary><see cref="TimeProvider.GetTimestamp"/> of the last request.</summary>
    public long LastSeen;

    /// <summary>1 while the first lease is in flight.</summary>
    public int Leasing;

    public void CountDemand() => Interlocked.Increment(ref _demand);

    public long TakeDemand() => Interlocked.Exchange(ref _demand, 0);

    public void ApplyConcurrency(int? limit)
    {
        lock (_gate)
        {
            if (limit == ConcurrencyLimit)
            {
                return;
            }

            // Requests holding the old limiter's slots release them there; the new one starts empty.
            ConcurrencyLimit = limit;
            Concurrency = limit is { } n ? new ConcurrencyLimiter(new ConcurrencyLimiterOptions { PermitLimit = Math.Max(1, n), QueueLimit = 0 }) : null;
        }
    }

    public void ApplyShare(RateShare share)
    {
        lock (_gate)
        {
            ComputeToday = share.ComputeSecondsToday;
            if (share.RequestsPerSecond is not { } rate || rate <= 0)
            {
                Swap(null);
                RateShare = null;
                return;
            }

            // Rebuilding costs the bucket's timer; small moves of the share are not worth it.
            if (RateShare is { } current && Math.Abs(current - rate) <= current * 0.05 && share.Burst == BurstShare)
            {
                return;
            }

            var carried = Rate?.GetStatistics()?.CurrentAvailablePermits;
            var bucket = Bucket(rate, share.Burst);
            if (carried is { } available && available < share.Burst)
            {
                // A fresh bucket is full: take away what the old one had already spent.
                bucket.AttemptAcquire((int)(share.Burst - Math.Max(0, available))).Dispose();
            }

            Swap(bucket);
            RateShare = rate;
            BurstShare = share.Burst;
        }
    }

    public void Dispose()
    {
        Rate?.Dispose();
        Concurrency?.Dispose();
    }

    private void Swap(TokenBucketRateLimiter? bucket)
    {
        var old = Rate;
        Rate = bucket;
        old?.Dispose();
    }

    /// <summary>
    /// A bucket refilled at <paramref name="rate"/> per second in steps of at least 10 ms (the
    /// timer's useful resolution), holding at most <paramref name="burst"/> tokens.
    /// </summary>
    private static TokenBucketRateLimiter Bucket(double rate, int burst)
    {
        var tokens = Math.Max(1, (int)Math.Round(rate * 0.01));
        var period = TimeSpan.FromSeconds(tokens / rate);
        return new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = Math.Max(1, burst),
            TokensPerPeriod = tokens,
            ReplenishmentPeriod = period,
            QueueLimit = 0,
            AutoReplenishment = true,
        });
    }
}
