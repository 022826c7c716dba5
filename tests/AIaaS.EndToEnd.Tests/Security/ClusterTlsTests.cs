using AIaaS.Tensors;
using AIaaS.Testing;
using AIaaS.Testing.Cluster;

namespace AIaaS.EndToEnd.Tests.Security;

/// <summary>
/// Mutual TLS inside a real cluster: a front and a worker (separate processes over Redis) with
/// certificates from an authority made in the test. The front reaches the worker's replica only
/// over TLS between silos; an SDK client with a certificate of the same authority infers, one
/// without TLS or with another authority's certificate cannot connect.
/// </summary>
public sealed class ClusterTlsTests(Xunit.Abstractions.ITestOutputHelper output)
{
    // A client of the authority connects in about a second; a refused one retries the handshake until it gives up.
    private static readonly TimeSpan RefusedWithin = TimeSpan.FromSeconds(10);

    [Fact(Timeout = 240_000)]
    public async Task Tls_SilosAndClientOfTheAuthority_Serve_PlainOrForeignClientsAreRefused()
    {
        using var authority = new TestCertificateAuthority("aiaas-test");
        using var foreign = new TestCertificateAuthority("someone-else");
        await using var cluster = await SiloCluster.StartAsync(new SiloClusterOptions { Workers = 1, ExtraArguments = authority.SiloArguments("silo") });
        var (input, expected) = await SecuredClusterChecks.ServeClsThroughFrontAsync(cluster);

        var (certificate, key) = authority.Issue("client");
        await using (var sdk = await SdkClient.StartAsync(o => Tls(o.UseCluster(cluster), certificate, key, authority.AuthorityPath)))
        {
            var response = await sdk.Inference.InferAsync("cls", [input]);
            ReferenceOutputs.AssertClose(expected.ToArray<float>(), Assert.Single(response.Outputs).ToArray<float>(), what: "SDK over TLS");
        }

        await SecuredClusterChecks.AssertCliInfersAsync(cluster, input, expected, "--tls-certificate", certificate, "--tls-key", key, "--tls-authority", authority.AuthorityPath);

        await AssertRefusedAsync(o => o.UseCluster(cluster), "a client without TLS");
        var (foreignCertificate, foreignKey) = foreign.Issue("intruder");
        await AssertRefusedAsync(o => Tls(o.UseCluster(cluster), foreignCertificate, foreignKey, authority.AuthorityPath), "a client whose certificate another authority signed");
    }

    private async Task AssertRefusedAsync(Action<AIaaS.Client.AIaaSClientOptions> configure, string who)
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        try
        {
            await using var connected = await SdkClient.StartAsync(configure, RefusedWithin);
            await connected.Inference.InferAsync("cls", [TestTensors.PpocrClsInput()]).WaitAsync(RefusedWithin);
            Assert.Fail($"{who} connected and inferred");
        }
        catch (Exception ex) when (ex is not Xunit.Sdk.XunitException)
        {
            // Refused: the gateway closed the handshake, so the client never got a connection.
            output.WriteLine($"{who}: refused after {started.Elapsed.TotalSeconds:F1} s: {ex.GetType().Name}: {ex.Message.Split('\n')[0]}");
        }
    }

    private static void Tls(AIaaS.Client.AIaaSClientOptions options, string certificate, string key, string authority)
    {
        options.TlsCertificate = certificate;
        options.TlsKey = key;
        options.TlsAuthority = authority;
    }
}
