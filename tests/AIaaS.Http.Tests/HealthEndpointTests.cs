using System.Net;
using AIaaS.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace AIaaS.Http.Tests;

[Collection(RealModelSiloCollection.Name)]
public sealed class HealthEndpointTests(RealModelSiloFixture silo)
{
    [Fact(Timeout = 60_000)]
    public async Task GetLive_SiloStarted_Returns200Live()
    {
        using var response = await silo.Client.GetAsync("v2/health/live");

        var body = await OipJson.ReadAsync(response);
        Assert.True(body.GetProperty("live").GetBoolean());
    }

    [Fact(Timeout = 60_000)]
    public async Task GetReady_ModelsRegistered_Returns200Ready()
    {
        using var response = await silo.Client.GetAsync("v2/health/ready");

        var body = await OipJson.ReadAsync(response);
        Assert.True(body.GetProperty("ready").GetBoolean());
        // Ready means routable: the silo's router holds every served model's routing table.
        var router = silo.Host.Services.GetRequiredService<ModelRouter>();
        Assert.All(RealModelSiloFixture.ModelNames, model => Assert.True(router.CachedRevision(model) >= 0, $"no routing table of {model}"));
    }

    [Fact(Timeout = 60_000)]
    public async Task GetServerMetadata_Always_ReturnsNameVersionAndExtensions()
    {
        using var response = await silo.Client.GetAsync("v2");

        var body = await OipJson.ReadAsync(response);
        Assert.Equal("aiaas-grains", body.GetProperty("name").GetString());
        Assert.False(string.IsNullOrEmpty(body.GetProperty("version").GetString()));
        var extensions = OipJson.Strings(body.GetProperty("extensions"));
        Assert.Contains("model_repository", extensions);
        Assert.Contains("statistics", extensions);
    }

    [Fact(Timeout = 60_000)]
    public async Task GetUnknownPath_Always_Returns404()
    {
        using var response = await silo.Client.GetAsync("v2/nothing-here");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact(Timeout = 60_000)]
    public async Task GetModelReady_ReadyModel_Returns200Ready()
    {
        using var response = await silo.Client.GetAsync("v2/models/ppocr-cls/ready");
        using var versioned = await silo.Client.GetAsync("v2/models/ppocr-cls/versions/1/ready");

        var body = await OipJson.ReadAsync(response);
        Assert.Equal("ppocr-cls", body.GetProperty("name").GetString());
        Assert.True(body.GetProperty("ready").GetBoolean());
        Assert.True((await OipJson.ReadAsync(versioned)).GetProperty("ready").GetBoolean());
    }

    [Fact(Timeout = 60_000)]
    public async Task GetModelReady_UnknownModel_Returns404NamingModel()
    {
        using var response = await silo.Client.GetAsync("v2/models/no-such-model/ready");

        await OipJson.AssertErrorAsync(response, HttpStatusCode.NotFound, "'no-such-model'");
    }
}
