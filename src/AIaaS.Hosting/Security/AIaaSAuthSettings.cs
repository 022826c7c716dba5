namespace AIaaS.Hosting;

/// <summary>The <c>AIaaS:Auth</c> section: whether calls need an API key, and the first admin key.</summary>
public sealed class AIaaSAuthSettings
{
    /// <summary>Unset: false when every bound address is loopback, true otherwise.</summary>
    public bool? Required { get; set; }

    /// <summary>The bootstrap admin key, or <c>sha256:&lt;hex&gt;</c> of it. Unset with auth required, one is generated into <c>{DataDirectory}/admin.key</c>.</summary>
    public string? AdminKey { get; set; }

    /// <summary>Allows keyless calls (as the <c>default</c> tenant) on a silo bound beyond loopback; never implied.</summary>
    public bool AllowAnonymous { get; set; }

    /// <summary>How long a silo trusts a resolved key or tenant before asking again (revocation takes effect within twice this).</summary>
    public TimeSpan CacheFor { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long a key's or tenant's last answer still holds while its grain cannot be reached (a silo crash).</summary>
    public TimeSpan StaleIfErrorFor { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often usage counted on a silo is written to the tenant grains; a crash loses at most this much.</summary>
    public TimeSpan UsageFlushInterval { get; set; } = TimeSpan.FromSeconds(5);
}
