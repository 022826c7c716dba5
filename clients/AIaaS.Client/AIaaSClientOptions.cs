namespace AIaaS.Client;

/// <summary>How the SDK finds the cluster: Redis when <see cref="Redis"/> is set, else the local silo's gateway.</summary>
public sealed class AIaaSClientOptions
{
    public const string SectionName = "AIaaS";

    /// <summary><c>host:port</c> of the Redis the silos cluster through.</summary>
    public string? Redis { get; set; }

    /// <summary>Gateway port of a local (embedded-mode) silo.</summary>
    public int GatewayPort { get; set; } = 30000;

    public string ClusterId { get; set; } = "aiaas";

    public string ServiceId { get; set; } = "aiaas";

    /// <summary>
    /// The tenant's API key. Resolved once when the client connects (a wrong key fails the start),
    /// then sent with every call; the cluster meters each request to the key's tenant and holds it
    /// to its entitlements and quotas. Also read from <c>AIAAS_API_KEY</c> when unset.
    /// </summary>
    public string? ApiKey { get; set; }

    /// <summary>
    /// Mutual TLS to the gateways (PEM files): the client's certificate, its key, and the authority
    /// the gateways' certificates must chain to. Set all three when the cluster runs with
    /// <c>AIaaS:Tls</c>; a client without them is refused by such a cluster.
    /// </summary>
    public string? TlsCertificate { get; set; }

    public string? TlsKey { get; set; }

    public string? TlsAuthority { get; set; }

    /// <summary>
    /// Redis over TLS (PEM files): the authority Redis's certificate chains to when it is the
    /// operator's own, and the client certificate and key a Redis with <c>tls-auth-clients yes</c>
    /// requires. The password and <c>ssl=true</c> stay in <see cref="Redis"/>; setting any of these turns TLS on.
    /// </summary>
    public string? RedisTlsAuthority { get; set; }

    public string? RedisTlsCertificate { get; set; }

    public string? RedisTlsKey { get; set; }
}
