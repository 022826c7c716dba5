using System.Net;
using AIaaS.Testing;

namespace AIaaS.Http.Tests;

/// <summary>An unload is acknowledged grain state: a silo restarted on the same data directory keeps the model unloaded.</summary>
public sealed class UnloadPersistenceTests : IDisposable
{
    private readonly HttpTestRepository _models = new();
    private readonly TemporaryDirectory _data = new("restart");

    public void Dispose()
    {
        _data.Dispose();
        _models.Dispose();
    }

    [Fact(Timeout = 120_000)]
    public async Task Unload_SiloRestartedOnSameDataDirectory_ModelStaysUnloaded()
    {
        var clusterId = "http-tests-restart-" + Guid.NewGuid().ToString("N");
        await using (var first = await SiloHost.StartAsync(_models.Root, _data.Path, clusterId))
        {
            await AssertScaleServesAsync(first.Client);
            using var unload = await first.Client.PostAsync($"v2/repository/models/{HttpTestRepository.AddOne}/unload", null);
            await OipJson.ReadAsync(unload);
            await first.StopAsync();
        }

        await using var second = await SiloHost.StartAsync(_models.Root, _data.Path, clusterId);

        var index = await RepositoryEndpointTests.IndexAsync(second.Client);
        Assert.Equal("UNAVAILABLE", Assert.Single(index, e => e.Name == HttpTestRepository.AddOne).State);
        Assert.Equal("READY", Assert.Single(index, e => e.Name == HttpTestRepository.Scale).State);
        using (var infer = await second.Client.PostAsync($"v2/models/{HttpTestRepository.AddOne}/infer", Request()))
        {
            await OipJson.AssertErrorAsync(infer, HttpStatusCode.ServiceUnavailable, $"'{HttpTestRepository.AddOne}'", "not ready");
        }

        using (var ready = await second.Client.GetAsync($"v2/models/{HttpTestRepository.AddOne}/ready"))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        }

        await AssertScaleServesAsync(second.Client);
    }

    [Fact(Timeout = 120_000)]
    public async Task Load_AfterRestartOfUnloadedModel_ServesAgain()
    {
        var clusterId = "http-tests-reload-" + Guid.NewGuid().ToString("N");
        await using (var first = await SiloHost.StartAsync(_models.Root, _data.Path, clusterId))
        {
            using var unload = await first.Client.PostAsync($"v2/repository/models/{HttpTestRepository.AddOne}/unload", null);
            await OipJson.ReadAsync(unload);
        }

        await using var second = await SiloHost.StartAsync(_models.Root, _data.Path, clusterId);
        using (var load = await second.Client.PostAsync($"v2/repository/models/{HttpTestRepository.AddOne}/load", null))
        {
            await OipJson.ReadAsync(load);
        }

        using var infer = await second.Client.PostAsync($"v2/models/{HttpTestRepository.AddOne}/infer", Request());
        var output = Assert.Single((await OipJson.ReadAsync(infer)).GetProperty("outputs").EnumerateArray());
        Assert.Equal([2f, 3f, 4f, 5f], OipJson.Floats(output));
    }

    private static async Task AssertScaleServesAsync(HttpClient client)
    {
        using var response = await client.PostAsync($"v2/models/{HttpTestRepository.Scale}/infer", Request());
        var output = Assert.Single((await OipJson.ReadAsync(response)).GetProperty("outputs").EnumerateArray());
        Assert.Equal([2f, 4f, 6f, 8f], OipJson.Floats(output));
    }

    private static StringContent Request() => OipJson.Request([OipJson.Input("x", "FP32", [1, 4], new[] { 1f, 2f, 3f, 4f })]);
}
