using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace AIaaS.Testing;

/// <summary>
/// A certificate authority made in code for one test (nothing is committed): it issues
/// certificates for server and client authentication on 127.0.0.1 and writes each, its key and
/// the authority's certificate as PEM files in a directory of its own.
/// </summary>
public sealed class TestCertificateAuthority : IDisposable
{
    private readonly TemporaryDirectory _directory = new("aiaas-tls");
    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly X509Certificate2 _certificate;

    public TestCertificateAuthority(string name)
    {
        var request = new CertificateRequest($"CN={name}", _key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        _certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        AuthorityPath = Path.Combine(_directory.Path, $"{name}-ca.pem");
        File.WriteAllText(AuthorityPath, _certificate.ExportCertificatePem());
    }

    /// <summary>The authority's certificate, PEM.</summary>
    public string AuthorityPath { get; }

    /// <summary>Issues a certificate for <paramref name="name"/>; returns the paths of it and of its key.</summary>
    public (string Certificate, string Key) Issue(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], false));
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.Create(_certificate, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddHours(12), RandomNumberGenerator.GetBytes(16));
        var certificatePath = Path.Combine(_directory.Path, $"{name}.pem");
        var keyPath = Path.Combine(_directory.Path, $"{name}.key");
        File.WriteAllText(certificatePath, certificate.ExportCertificatePem());
        File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem());
        return (certificatePath, keyPath);
    }

    /// <summary>The silo arguments that turn mutual TLS on with a certificate issued for <paramref name="name"/>.</summary>
    public IReadOnlyList<string> SiloArguments(string name)
    {
        var (certificate, key) = Issue(name);
        return [$"--AIaaS:Tls:Certificate={certificate}", $"--AIaaS:Tls:Key={key}", $"--AIaaS:Tls:Authority={AuthorityPath}"];
    }

    public void Dispose()
    {
        _certificate.Dispose();
        _key.Dispose();
        _directory.Dispose();
    }
}
