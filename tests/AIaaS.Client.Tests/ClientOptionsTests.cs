using Microsoft.Extensions.DependencyInjection;

namespace AIaaS.Client.Tests;

/// <summary>What <c>AddAIaaSClient</c> refuses before it connects anywhere.</summary>
public sealed class ClientOptionsTests
{
    [Theory]
    [InlineData("cert", null, null, "TlsKey is not set")]
    [InlineData(null, "key", null, "TlsCertificate is not set")]
    [InlineData("cert", "key", null, "TlsAuthority is not set")]
    public void AddAIaaSClient_HalfConfiguredTls_NamesWhatIsMissing(string? certificate, string? key, string? authority, string expected)
    {
        var error = Assert.Throws<InvalidOperationException>(() => new ServiceCollection().AddAIaaSClient(o =>
        {
            o.TlsCertificate = certificate;
            o.TlsKey = key;
            o.TlsAuthority = authority;
        }));

        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
        Assert.Contains("mutual TLS needs TlsCertificate, TlsKey and TlsAuthority together", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AIaaSClientOptions_Defaults_AreTheQuickStartsSilo()
    {
        var options = new AIaaSClientOptions();

        Assert.Equal(30000, options.GatewayPort);
        Assert.Equal("aiaas", options.ClusterId);
        Assert.Equal("aiaas", options.ServiceId);
        Assert.Null(options.Redis);
        Assert.Equal("AIaaS", AIaaSClientOptions.SectionName);
    }
}
