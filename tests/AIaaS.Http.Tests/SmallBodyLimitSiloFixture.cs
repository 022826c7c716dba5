using AIaaS.Testing;
namespace AIaaS.Http.Tests;

/// <summary>A silo over the tiny-model repository with <c>AIaaS:Http:MaxRequestBodyBytes</c> set to <see cref="Limit"/>.</summary>
public sealed class SmallBodyLimitSiloFixture : IAsyncLifetime
{
    public const long Limit = 4096;

    private readonly HttpTestRepository _models = new();
    private readonly TemporaryDirectory _data = new("data");
    private SiloHost? _host;

    public HttpClient Client => (_host ?? throw new InvalidOperationException("the silo has not started")).Client;

    public async Task InitializeAsync() =>
        _host = await SiloHost.StartAsync(_models.Root, _data.Path, settings: new Dictionary<string, string>
        {
            ["AIaaS:Http:MaxRequestBodyBytes"] = Limit.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });

    public async Task DisposeAsync()
    {
        try
        {
            if (_host is not null)
            {
                await _host.DisposeAsync();
            }
        }
        finally
        {
            _data.Dispose();
            _models.Dispose();
        }
    }
}
