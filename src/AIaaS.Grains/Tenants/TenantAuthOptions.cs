namespace AIaaS.Grains.Tenants;

/// <summary>
/// Authentication as resolved at start (from <c>AIaaS:Auth</c> and the addresses the silo binds):
/// every front and the grain call filter read this one object.
/// </summary>
internal sealed class TenantAuthOptions
{
    /// <summary>Whether a call needs a key. Without one, callers are the <c>default</c> tenant.</summary>
    public bool Required { get; init; }

    /// <summary>
    /// Whether keyless callers have admin rights: only when no key is required and every bound
    /// address is loopback, so the quick start can load and unload models as it always could.
    /// </summary>
    public bool AnonymousIsAdmin { get; init; }

    /// <summary>Lower-case hex SHA-256 of the bootstrap admin key, or null when there is none.</summary>
    public string? AdminKeySha256 { get; init; }

    /// <summary>How long a resolved key or tenant is used before it is asked again (revocation takes at most twice this).</summary>
    public TimeSpan CacheFor { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How long a key's or tenant's last answer is still used while its grain cannot be reached
    /// (its silo died and the grain has not moved yet), counted from when that answer went stale.
    /// </summary>
    public TimeSpan StaleIfErrorFor { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How often each silo renews its share of every active tenant's rate.</summary>
    public TimeSpan LeasePeriod { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How often usage is flushed to the tenant grains; what a crash may lose at most.</summary>
    public TimeSpan UsageFlushInterval { get; init; } = TimeSpan.FromSeconds(5);
}
