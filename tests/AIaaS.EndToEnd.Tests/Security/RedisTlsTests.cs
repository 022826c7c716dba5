using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using AIaaS.Cluster;
using AIaaS.Tensors;
using AIaaS.Testing;
using AIaaS.Testing.Cluster;

namespace AIaaS.EndToEnd.Tests.Security;

/// <summary>
/// Redis with a password and TLS only (no plain port), its certificate from an authority made in
/// the test, requiring clients to present a certificate of it: a front and a worker (separate
/// processes) cluster and keep state through it with <c>AIaaS:RedisTls</c>, an SDK client with
/// the same settings infers, and one without them cannot reach the cluster.
/// </summary>
public sealed class RedisTlsTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private static readonly TimeSpan RefusedWithin = TimeSpan.FromSeconds(10);

    [Fact(Timeout = 240_000)]
    public async Task RedisWithPasswordAndTls_SilosClusterAndServe_OnlyAClientWithTheAuthorityConnects()
    {
        using var authority = new TestCertificateAuthority("redis-test");
        var password = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        await using var cluster = await SiloCluster.StartAsync(new SiloClusterOptions { Workers = 1, RedisPassword = password, RedisAuthority = authority });
        // The front found the worker through Redis's membership table.
        var (input, expected) = await SecuredClusterChecks.ServeClsThroughFrontAsync(cluster);

        await using (var sdk = await SdkClient.StartAsync(o => o.UseCluster(cluster, redisTls: true)))
        {
            var response = await sdk.Inference.InferAsync("cls", [input]);
            ReferenceOutputs.AssertClose(expected.ToArray<float>(), Assert.Single(response.Outputs).ToArray<float>(), what: "SDK through a TLS Redis");
        }

        var (clientCertificate, clientKey) = cluster.Redis.ClientCertificate;
        await SecuredClusterChecks.AssertCliInfersAsync(
            cluster, input, expected, "--redis-tls-authority", cluster.Redis.AuthorityPath!, "--redis-tls-certificate", clientCertificate, "--redis-tls-key", clientKey);

        var started = System.Diagnostics.Stopwatch.StartNew();
        try
        {
            // ssl=true and the password, but not the authority: the machine does not trust Redis's certificate.
            await using var refused = await SdkClient.StartAsync(o => o.UseCluster(cluster), RefusedWithin);
            await refused.Inference.InferAsync("cls", [input]).WaitAsync(RefusedWithin);
            Assert.Fail("a client without the Redis authority reached the cluster");
        }
        catch (Exception ex) when (ex is not Xunit.Sdk.XunitException)
        {
            output.WriteLine($"refused after {started.Elapsed.TotalSeconds:F1} s: {ex.GetType().Name}: {ex.Message.Split('\n')[0]}");
        }
    }

    [Fact]
    public void Load_HalfAClientCertificate_SaysWhatIsMissing()
    {
        using var authority = new TestCertificateAuthority("redis-test");
        var (certificate, key) = authority.Issue("client");

        Assert.Equal("Redis TLS client certificate is set without its key: set both, or neither",
            Assert.Throws<InvalidOperationException>(() => RedisTls.Load(null, certificate, null)).Message);
        Assert.Equal("Redis TLS client key is set without its certificate: set both, or neither",
            Assert.Throws<InvalidOperationException>(() => RedisTls.Load(authority.AuthorityPath, null, key)).Message);
        Assert.Contains("'/nonexistent/ca.pem' cannot be read", Assert.Throws<InvalidOperationException>(() => RedisTls.Load("/nonexistent/ca.pem", null, null)).Message, StringComparison.Ordinal);
        Assert.Null(RedisTls.Load(null, null, null));
    }

    [Fact]
    public void Validate_ACertificateOfTheAuthority_IsTrustedAndOneOfAnotherOrForAnotherNameIsNot()
    {
        using var authority = new TestCertificateAuthority("redis-test");
        using var foreign = new TestCertificateAuthority("someone-else");
        var tls = RedisTls.Load(authority.AuthorityPath, null, null)!;
        using var ours = X509CertificateLoader.LoadCertificateFromFile(authority.Issue("redis").Certificate);
        using var theirs = X509CertificateLoader.LoadCertificateFromFile(foreign.Issue("redis").Certificate);

        Assert.True(tls.Validate(this, ours, null, SslPolicyErrors.RemoteCertificateChainErrors));
        Assert.False(tls.Validate(this, theirs, null, SslPolicyErrors.RemoteCertificateChainErrors));
        Assert.False(tls.Validate(this, ours, null, SslPolicyErrors.RemoteCertificateChainErrors | SslPolicyErrors.RemoteCertificateNameMismatch));
        Assert.False(tls.Validate(this, null, null, SslPolicyErrors.RemoteCertificateNotAvailable));
    }
}
