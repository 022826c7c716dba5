using System.Net;
using System.Text.Json;

namespace AIaaS.Http.Tests;

/// <summary>
/// The model repository extension on a real-model silo of its own: these tests unload and load
/// models, which the classes sharing the collection's silo must not see.
/// </summary>
public sealed class RepositoryEndpointTests(RealModelSiloFixture silo) : IClassFixture<RealModelSiloFixture>
{
    [Fact(Timeout = 60_000)]
    public async Task Index_AfterStart_ListsFourModelsReady()
    {
        var index = await IndexAsync(silo.Client);

        Assert.Equal(
            RealModelSiloFixture.ModelNames.Select(m => $"{m} 1 READY").ToArray(),
            index.Select(e => $"{e.Name} {e.Version} {e.State}").OrderBy(e => e, StringComparer.Ordinal).ToArray());
    }

    [Fact(Timeout = 60_000)]
    public async Task UnloadThenLoad_PpocrDet_ServesAgainAfterLoad()
    {
        using (var unload = await silo.Client.PostAsync("v2/repository/models/ppocr-det/unload", null))
        {
            await OipJson.ReadAsync(unload);
        }

        using (var infer = await silo.Client.PostAsync("v2/models/ppocr-det/infer", DetRequest()))
        {
            await OipJson.AssertErrorAsync(infer, HttpStatusCode.ServiceUnavailable, "'ppocr-det'", "not ready");
        }

        using (var ready = await silo.Client.GetAsync("v2/models/ppocr-det/ready"))
        {
            await OipJson.AssertErrorAsync(ready, HttpStatusCode.ServiceUnavailable, "'ppocr-det'", "not ready");
        }

        var unloaded = Assert.Single(await IndexAsync(silo.Client), e => e.Name == "ppocr-det");
        Assert.Equal("UNAVAILABLE", unloaded.State);
        Assert.Equal("unloaded on request", unloaded.Reason);

        // Other models are untouched.
        Assert.Equal("READY", Assert.Single(await IndexAsync(silo.Client), e => e.Name == "ppocr-cls").State);

        using (var load = await silo.Client.PostAsync("v2/repository/models/ppocr-det/load", null))
        {
            await OipJson.ReadAsync(load);
        }

        using (var infer = await silo.Client.PostAsync("v2/models/ppocr-det/infer", DetRequest()))
        {
            var output = Assert.Single((await OipJson.ReadAsync(infer)).GetProperty("outputs").EnumerateArray());
            Assert.Equal([1L, 1L, 32L, 32L], OipJson.Shape(output));
        }

        using (var ready = await silo.Client.GetAsync("v2/models/ppocr-det/ready"))
        {
            Assert.True((await OipJson.ReadAsync(ready)).GetProperty("ready").GetBoolean());
        }

        Assert.Equal("READY", Assert.Single(await IndexAsync(silo.Client), e => e.Name == "ppocr-det").State);
    }

    [Fact(Timeout = 60_000)]
    public async Task Load_ModelNotInRepository_Returns404NamingModel()
    {
        using var response = await silo.Client.PostAsync("v2/repository/models/no-such-model/load", null);

        await OipJson.AssertErrorAsync(response, HttpStatusCode.NotFound, "'no-such-model'");
    }

    [Fact(Timeout = 60_000)]
    public async Task Unload_UnknownModel_Returns404NamingModel()
    {
        using var response = await silo.Client.PostAsync("v2/repository/models/no-such-model/unload", null);

        await OipJson.AssertErrorAsync(response, HttpStatusCode.NotFound, "'no-such-model'");
    }

    [Fact(Timeout = 60_000)]
    public async Task Load_NameEscapingTheRepository_Returns4xx()
    {
        // %2E%2E is "..": a model name must never reach outside the repository directory.
        using var response = await silo.Client.PostAsync("v2/repository/models/%2E%2E/load", null);

        Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.NotFound, $"got {(int)response.StatusCode}");
    }

    internal static async Task<RepositoryEntry[]> IndexAsync(HttpClient client)
    {
        using var response = await client.PostAsync("v2/repository/index", null);
        var body = await OipJson.ReadAsync(response);
        Assert.Equal(JsonValueKind.Array, body.ValueKind);
        return body.EnumerateArray().Select(e => new RepositoryEntry(
            e.GetProperty("name").GetString()!,
            e.TryGetProperty("version", out var v) ? v.GetString() : null,
            e.GetProperty("state").GetString()!,
            e.TryGetProperty("reason", out var r) ? r.GetString() : null)).ToArray();
    }

    private static StringContent DetRequest() =>
        OipJson.Request([OipJson.Input("x", "FP32", [1, 3, 32, 32], TestInputs.Uniform(seed: 20, 3 * 32 * 32))]);

    internal sealed record RepositoryEntry(string Name, string? Version, string State, string? Reason);
}
