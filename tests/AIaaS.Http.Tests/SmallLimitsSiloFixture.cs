using System.Globalization;
using AIaaS.Testing;

namespace AIaaS.Http.Tests;

/// <summary>
/// A silo over the tiny-model repository with the front's limits set small enough to reach in a
/// test: <c>AIaaS:Http:MaxRequestBodyBytes</c> <see cref="Limit"/>, <c>MaxRequestHeadersBytes</c>
/// <see cref="HeadersLimit"/>, <c>MaxConnections</c> <see cref="ConnectionsLimit"/>, and the
/// default minimum body data rate.
/// </summary>
public sealed class SmallLimitsSiloFixture : IAsyncLifetime
{
    public const long Limit = 4096;
    public const int HeadersLimit = 4096;
    public const int ConnectionsLimit = 8;

    private readonly HttpTestRepository _models = new();
    private readonly TemporaryDirectory _data = new("data");
    private SiloHost? _host;

    public HttpClient Client => Host.Client;

    public Uri BaseAddress => Host.BaseAddress;

    private SiloHost Host => _host ?? throw new InvalidOperationException("the silo has not started");

    public async Task InitializeAsync() =>
        _host = await SiloHost.StartAsync(_models.Root, _data.Path, settings: new Dictionary<string, string>
        {
            ["AIaaS:Http:MaxRequestBodyBytes"] = Limit.ToString(CultureInfo.InvariantCulture),
            ["AIaaS:Http:MaxRequestHeadersBytes"] = HeadersLimit.ToString(CultureInfo.InvariantCulture),
            ["AIaaS:Http:MaxConnections"] = ConnectionsLimit.ToString(CultureInfo.InvariantCulture),
        });

    public async Task DisposeAsync()
    {
        await SiloHost.DisposeAsync(_host, _data, _models);
    }
}
