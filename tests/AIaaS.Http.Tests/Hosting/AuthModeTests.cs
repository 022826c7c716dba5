using AIaaS.Hosting;
using AIaaS.Grains.Tenants;
using AIaaS.Hosting.Security;
using AIaaS.Tenants;
using AIaaS.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace AIaaS.Http.Tests.Hosting;

/// <summary>
/// Whether calls need a key, decided at start from <c>AIaaS:Auth</c> and every address Kestrel will
/// bind (nothing here binds one: the decision reads configuration only), and the bootstrap admin key.
/// </summary>
public sealed class AuthModeTests : IDisposable
{
    private readonly TemporaryDirectory _data = new("aiaas-auth-mode");

    public void Dispose() => _data.Dispose();

    [Theory]
    [InlineData("urls", "http://0.0.0.0:8000", "0.0.0.0")]
    [InlineData("urls", "http://127.0.0.1:8000;http://+:9000", "+")]
    [InlineData("http_ports", "8080", "*")]
    [InlineData("https_ports", "8443", "*")]
    [InlineData("Kestrel:Endpoints:Public:Url", "http://10.1.2.3:8000", "10.1.2.3")]
    public void Resolve_BoundBeyondLoopbackWithoutAuth_RefusesToStartNamingTheAddress(string key, string value, string host)
    {
        var error = Assert.Throws<OptionsValidationException>(() => Resolve((key, value), ("AIaaS:Auth:Required", "false")));

        Assert.Contains($"AIaaS:Auth:Required is false on a silo bound to {host}", error.Message, StringComparison.Ordinal);
        Assert.Contains("AIaaS:Auth:AllowAnonymous=true", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_KestrelEndpointBeyondLoopback_RequiresKeysByDefault()
    {
        // Kestrel's endpoints override urls: a loopback urls beside them does not make the silo loopback-only.
        var auth = Resolve(("urls", "http://127.0.0.1:8000"), ("Kestrel:Endpoints:Public:Url", "http://0.0.0.0:8000"));

        Assert.True(auth.Required);
        Assert.False(auth.AnonymousIsAdmin);
    }

    [Fact]
    public void Resolve_LoopbackOnly_AnonymousCallsAreTheDefaultTenantWithAdminRights()
    {
        var auth = Resolve(("urls", "http://127.0.0.1:8000;http://localhost:8001;http://[::1]:8002"));

        Assert.False(auth.Required);
        Assert.True(auth.AnonymousIsAdmin);
    }

    [Fact]
    public void Resolve_ExposedWithAllowAnonymous_AnonymousCallsServedWithoutAdminRights()
    {
        var auth = Resolve(("urls", "http://0.0.0.0:8000"), ("AIaaS:Auth:AllowAnonymous", "true"));

        Assert.False(auth.Required);
        Assert.False(auth.AnonymousIsAdmin);
    }

    [Fact]
    public void Resolve_RequiredWithoutAdminKey_WritesOneOwnerOnlyKeyFileAndReadsItOnTheNextStart()
    {
        var first = Resolve(("AIaaS:Auth:Required", "true"));
        var second = Resolve(("AIaaS:Auth:Required", "true"));

        var file = Path.Combine(_data.Path, AuthMode.AdminKeyFileName);
        var key = File.ReadAllText(file).Trim();
        Assert.Equal(ApiKeys.Hash(key), first.AdminKeySha256);
        Assert.Equal(first.AdminKeySha256, second.AdminKeySha256);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        }
    }

    [Fact]
    public void Resolve_AdminKeyGivenAsItsHash_UsesItAndWritesNoFile()
    {
        var hash = ApiKeys.Hash("aiaas_configured-admin-key");

        var auth = Resolve(("AIaaS:Auth:Required", "true"), ("AIaaS:Auth:AdminKey", $"sha256:{hash}"));

        Assert.Equal(hash, auth.AdminKeySha256);
        Assert.False(File.Exists(Path.Combine(_data.Path, AuthMode.AdminKeyFileName)));
    }

    [Fact]
    public void HttpBindings_NothingConfigured_IsEmptySoTheSiloBindsItsLoopbackDefault() =>
        Assert.Empty(AIaaSSiloBuilderExtensions.HttpBindings(Configuration()));

    private TenantAuthOptions Resolve(params (string Key, string Value)[] settings)
    {
        var options = AIaaSSiloBuilderExtensions.Bind(Configuration([("AIaaS:DataDirectory", _data.Path), .. settings]));
        return AuthMode.Resolve(options, options.HttpUrls, NullLogger.Instance);
    }

    private static IConfiguration Configuration(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build();
}
