using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace AIaaS.Cluster;

/// <summary>
/// What a silo or SDK client needs, beyond its connection string, to reach a Redis that speaks TLS
/// with a certificate from the operator's own authority, and that may require clients to present
/// one (<c>tls-auth-clients yes</c>). Password, user and <c>ssl=true</c> stay in the connection
/// string (StackExchange.Redis syntax); it has no place for an authority or a client certificate.
/// </summary>
/// <remarks>
/// Redis's certificate must name the host the connection string gives (an IP address SAN for an
/// address): unlike silos, Redis is reached by name, so the name is checked. Without an
/// authority, the machine's trust store decides, as for any TLS server.
/// </remarks>
internal sealed class RedisTls
{
    private readonly X509Certificate2? _authority;

    private RedisTls(X509Certificate2? authority, X509Certificate2? clientCertificate)
    {
        _authority = authority;
        ClientCertificate = clientCertificate;
    }

    /// <summary>The certificate this process presents to Redis; null when none is configured.</summary>
    public X509Certificate2? ClientCertificate { get; }

    /// <summary>Reads the PEM files configured; null when none is (Redis without TLS, or trusted by the machine).</summary>
    /// <param name="authorityPath">The authority Redis's certificate chains to; null for the machine's trust store.</param>
    /// <param name="certificatePath">This process's client certificate; with <paramref name="keyPath"/>, or neither.</param>
    /// <param name="keyPath">The client certificate's private key.</param>
    /// <exception cref="InvalidOperationException">Half a client certificate, or a file that cannot be read; the message names it.</exception>
    public static RedisTls? Load(string? authorityPath, string? certificatePath, string? keyPath)
    {
        var hasCertificate = !string.IsNullOrWhiteSpace(certificatePath);
        var hasKey = !string.IsNullOrWhiteSpace(keyPath);
        if (hasCertificate != hasKey)
        {
            throw new InvalidOperationException(hasCertificate
                ? "Redis TLS client certificate is set without its key: set both, or neither"
                : "Redis TLS client key is set without its certificate: set both, or neither");
        }

        if (string.IsNullOrWhiteSpace(authorityPath) && !hasCertificate)
        {
            return null;
        }

        X509Certificate2? authority = null;
        if (!string.IsNullOrWhiteSpace(authorityPath))
        {
            try
            {
                authority = X509CertificateLoader.LoadCertificateFromFile(authorityPath);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
            {
                throw new InvalidOperationException($"Redis TLS authority '{authorityPath}' cannot be read: {ex.Message}", ex);
            }
        }

        X509Certificate2? certificate = null;
        if (hasCertificate)
        {
            try
            {
                certificate = X509Certificate2.CreateFromPemFile(certificatePath!, keyPath);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException or ArgumentException)
            {
                throw new InvalidOperationException($"Redis TLS client certificate '{certificatePath}' with key '{keyPath}' cannot be read: {ex.Message}", ex);
            }
        }

        return new RedisTls(authority, certificate);
    }

    /// <summary>A <see cref="RemoteCertificateValidationCallback"/>: Redis's certificate names its host and chains to the authority (or to the machine's roots without one).</summary>
    public bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (errors == SslPolicyErrors.None)
        {
            return true;
        }

        // Only the chain may fail the machine's check, and only because the root is the operator's own.
        return _authority is not null
            && errors == SslPolicyErrors.RemoteCertificateChainErrors
            && certificate is X509Certificate2 remote
            && ClusterCertificates.ChainsTo(remote, _authority);
    }

    /// <summary>A <see cref="LocalCertificateSelectionCallback"/>: the client certificate, whatever Redis asks for.</summary>
    public X509Certificate Select(object sender, string targetHost, X509CertificateCollection localCertificates, X509Certificate? remoteCertificate, string[] acceptableIssuers) =>
        ClientCertificate!;
}
