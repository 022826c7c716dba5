using System.Security.Cryptography.X509Certificates;

namespace AIaaS.Cluster;

/// <summary>
/// Mutual TLS inside the cluster (silo to silo, SDK client to gateway): this process's
/// certificate and key, and the authority every peer's certificate must chain to. Each side
/// presents its certificate and requires the other's; a peer without one, or with one from
/// another authority, is refused. Names are not checked: silos reach each other by address, and
/// what admits a peer is holding a key the authority signed.
/// </summary>
internal sealed class ClusterCertificates
{
    private ClusterCertificates(X509Certificate2 certificate, X509Certificate2 authority)
    {
        Certificate = certificate;
        Authority = authority;
    }

    /// <summary>This process's certificate, with its private key.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>The certificate authority peers' certificates must chain to.</summary>
    public X509Certificate2 Authority { get; }

    /// <summary>Reads PEM files: a certificate, its private key, the authority's certificate.</summary>
    /// <exception cref="InvalidOperationException">A file is missing or is not what it should be; the message names it.</exception>
    public static ClusterCertificates Load(string certificatePath, string keyPath, string authorityPath)
    {
        X509Certificate2 certificate;
        try
        {
            certificate = X509Certificate2.CreateFromPemFile(certificatePath, keyPath);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException or ArgumentException)
        {
            throw new InvalidOperationException($"TLS certificate '{certificatePath}' with key '{keyPath}' cannot be read: {ex.Message}", ex);
        }

        X509Certificate2 authority;
        try
        {
            authority = X509CertificateLoader.LoadCertificateFromFile(authorityPath);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
        {
            throw new InvalidOperationException($"TLS authority '{authorityPath}' cannot be read: {ex.Message}", ex);
        }

        return new ClusterCertificates(certificate, authority);
    }

    /// <summary>Whether <paramref name="remote"/> chains to <see cref="Authority"/> and is in its validity period.</summary>
    public bool IsTrusted(X509Certificate2? remote) => ChainsTo(remote, Authority);

    /// <summary>Whether <paramref name="remote"/> chains to <paramref name="authority"/> (no other root) and is in its validity period.</summary>
    public static bool ChainsTo(X509Certificate2? remote, X509Certificate2 authority)
    {
        ArgumentNullException.ThrowIfNull(authority);
        if (remote is null)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(authority);
        // The authority is the operator's own: there is no revocation list to ask.
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(remote);
    }
}
