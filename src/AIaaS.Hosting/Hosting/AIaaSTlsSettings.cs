namespace AIaaS.Hosting;

/// <summary>
/// The <c>AIaaS:Tls</c> section: mutual TLS between silos and from SDK clients to gateways. Set
/// all three, or none (plain TCP, for a trusted network); PEM files.
/// </summary>
public sealed class AIaaSTlsSettings
{
    /// <summary>This silo's certificate (it must allow both server and client authentication).</summary>
    public string? Certificate { get; set; }

    /// <summary>The certificate's private key.</summary>
    public string? Key { get; set; }

    /// <summary>The authority every peer's certificate must chain to.</summary>
    public string? Authority { get; set; }

    public bool IsEnabled => !string.IsNullOrWhiteSpace(Certificate) || !string.IsNullOrWhiteSpace(Key) || !string.IsNullOrWhiteSpace(Authority);
}
