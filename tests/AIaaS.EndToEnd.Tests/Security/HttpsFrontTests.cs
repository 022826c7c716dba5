using System.Globalization;
using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using AIaaS.Cluster;
using AIaaS.Testing;

namespace AIaaS.EndToEnd.Tests.Security;

/// <summary>
/// HTTPS on the front from PEM files, as an operator configures it (Kestrel's default certificate
/// and an https:// URL), with a certificate from an authority made in the test: a client that
/// trusts the authority is served, plain HTTP on the HTTPS port and a client that does not trust
/// the certificate are refused.
/// </summary>
public sealed class HttpsFrontTests
{
    [Fact(Timeout = 120_000)]
    public async Task Https_FromPemFiles_ServesTrustingClients_RefusesPlainHttpAndUntrustingOnes()
    {
        using var authority = new TestCertificateAuthority("aiaas-front");
        var (certificate, key) = authority.Issue("front");
        using var data = new TemporaryDirectory("aiaas-e2e-https");
        var port = FreePort.Next();
        await using var silo = await SiloProcess.StartAsync(new SiloProcessOptions
        {
            DataDirectory = data.Path,
            ExtraUrls = [string.Create(CultureInfo.InvariantCulture, $"https://127.0.0.1:{port}")],
            ExtraArguments = [$"--Kestrel:Certificates:Default:Path={certificate}", $"--Kestrel:Certificates:Default:KeyPath={key}"],
        });
        var https = new Uri(string.Create(CultureInfo.InvariantCulture, $"https://127.0.0.1:{port}/"));
        using var trustedAuthority = X509CertificateLoader.LoadCertificateFromFile(authority.AuthorityPath);

        using var trusting = new HttpClient(new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = (_, remote, _, _) => ClusterCertificates.ChainsTo(remote as X509Certificate2, trustedAuthority) },
        }) { BaseAddress = https };
        using var ready = await trusting.GetAsync("v2/health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        using var metadata = await trusting.GetAsync("v2/models/ppocr-cls");
        Assert.Equal(HttpStatusCode.OK, metadata.StatusCode);

        using var plain = new HttpClient { BaseAddress = new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}/")), Timeout = TimeSpan.FromSeconds(10) };
        var plainResult = await Record.ExceptionAsync(async () => (await plain.GetAsync("v2/health/ready")).EnsureSuccessStatusCode());
        Assert.NotNull(plainResult);

        using var untrusting = new HttpClient { BaseAddress = https, Timeout = TimeSpan.FromSeconds(10) };
        var untrusted = await Assert.ThrowsAsync<HttpRequestException>(() => untrusting.GetAsync("v2/health/ready"));
        Assert.IsType<System.Security.Authentication.AuthenticationException>(untrusted.InnerException);
    }
}
