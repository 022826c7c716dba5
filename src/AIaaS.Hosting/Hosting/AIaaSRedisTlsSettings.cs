namespace AIaaS.Hosting;

/// <summary>
/// The <c>AIaaS:RedisTls</c> section: Redis over TLS from the operator's own authority, and the
/// client certificate a Redis with <c>tls-auth-clients yes</c> requires (PEM files). The password
/// and <c>ssl=true</c> stay in <c>AIaaS:Redis</c>, the connection string; setting this section
/// turns TLS on even where it says nothing.
/// </summary>
public sealed class AIaaSRedisTlsSettings
{
    /// <summary>The authority Redis's certificate chains to; unset, the machine's trust store decides.</summary>
    public string? Authority { get; set; }

    /// <summary>This silo's client certificate, for a Redis that requires one; with <see cref="Key"/>.</summary>
    public string? Certificate { get; set; }

    /// <summary>The client certificate's private key.</summary>
    public string? Key { get; set; }
}
