using AIaaS.Testing;

namespace AIaaS.Http.Tests.Endpoints;

/// <summary>A silo with <c>AIaaS:Role=worker</c> over the tiny-model repository: it hosts replicas and serves no front endpoints.</summary>
public sealed class WorkerSiloFixture : IAsyncLifetime
{
    private readonly HttpTestRepository _models = new();
    private readonly TemporaryDirectory _data = new("data");
    private SiloHost? _host;

    public HttpClient Client => (_host ?? throw new InvalidOperationException("the silo has not started")).Client;

    public async Task InitializeAsync() =>
        _host = await SiloHost.StartAsync(_models.Root, _data.Path, settings: new Dictionary<string, string> { ["AIaaS:Role"] = "worker" });

    public async Task DisposeAsync()
    {
        await SiloHost.DisposeAsync(_host, _data, _models);
    }
}
