using System.Threading.RateLimiting;

namespace AIaaS.Grains.Tenants;

/// <summary>
/// The outcome of <see cref="TenantAdmission.AdmitAsync"/>: admitted (dispose when the request
/// finishes, to free its concurrency slot) or refused by <see cref="Rejection"/>.
/// </summary>
internal readonly struct Admission : IDisposable
{
    private readonly RateLimitLease? _slot;

    private Admission(RateLimitLease? slot, QuotaRejection? rejection)
    {
        _slot = slot;
        Rejection = rejection;
    }

    public static Admission Unlimited => default;

    public QuotaRejection? Rejection { get; }

    public bool Admitted => Rejection is null;

    public static Admission Granted(RateLimitLease? slot) => new(slot, null);

    public static Admission Refused(QuotaRejection rejection) => new(null, rejection);

    public void Dispose() => _slot?.Dispose();
}
