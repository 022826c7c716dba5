using System.Net;
using System.Text.Json;

namespace AIaaS.Http.Tests;

/// <summary>
/// Triton's statistics extension on the real-model silo. The collection's classes run one after
/// another, so counts taken before and after this class's own requests differ by exactly those.
/// </summary>
[Collection(RealModelSiloCollection.Name)]
public sealed class StatisticsEndpointTests(RealModelSiloFixture silo)
{
    private static readonly string[] ModelStatFields = ["name", "version", "last_inference", "inference_count", "execution_count", "inference_stats", "batch_stats"];
    private static readonly string[] InferenceStatFields = ["success", "fail", "queue", "compute_input", "compute_infer", "compute_output", "cache_hit", "cache_miss"];
    private static readonly string[] BatchStatFields = ["batch_size", "compute_input", "compute_infer", "compute_output"];
    private static readonly string[] SequenceStatFields = ["active", "started", "steps", "repeated", "failovers", "checkpoints"];

    [Fact(Timeout = 60_000)]
    public async Task GetModelStatistics_PpocrClsAfterThreeRequests_TritonFieldsAndCounts()
    {
        var before = await ClsStatisticsAsync("v2/models/ppocr-cls/stats");
        var startedMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

        // Sent one at a time: each waits out the batching delay alone, so each is one execution.
        foreach (var rows in new[] { 1, 1, 2 })
        {
            long[] shape = [rows, 3, 48, 192];
            using var infer = await silo.Client.PostAsync("v2/models/ppocr-cls/infer",
                OipJson.Request([OipJson.Input("x", "FP32", shape, TestInputs.Uniform(seed: rows, rows * 3 * 48 * 192))]));
            await OipJson.ReadAsync(infer);
        }

        var finishedMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var after = await ClsStatisticsAsync("v2/models/ppocr-cls/stats");
        AssertTritonShape(after);
        Assert.Equal("ppocr-cls", after.GetProperty("name").GetString());
        Assert.Equal("1", after.GetProperty("version").GetString());
        Assert.InRange(after.GetProperty("last_inference").GetInt64(), startedMs, finishedMs);
        Assert.Equal(4, Count(after, "inference_count") - Count(before, "inference_count"));
        Assert.Equal(3, Count(after, "execution_count") - Count(before, "execution_count"));
        var stats = after.GetProperty("inference_stats");
        var earlier = before.GetProperty("inference_stats");
        foreach (var field in new[] { "success", "queue", "compute_input", "compute_infer", "compute_output" })
        {
            Assert.Equal(3, Duration(stats, field).Count - Duration(earlier, field).Count);
            Assert.True(Duration(stats, field).Ns > Duration(earlier, field).Ns, $"{field}.ns did not grow");
        }

        Assert.Equal(Duration(earlier, "fail"), Duration(stats, "fail"));
        Assert.Equal((0, 0), Duration(stats, "cache_hit"));
        Assert.Equal((0, 0), Duration(stats, "cache_miss"));
        Assert.Equal(2, BatchCount(after, 1) - BatchCount(before, 1));
        Assert.Equal(1, BatchCount(after, 2) - BatchCount(before, 2));
    }

    [Fact(Timeout = 60_000)]
    public async Task GetVersionStatistics_Version1_OneEntryForThatVersion()
    {
        using var response = await silo.Client.GetAsync("v2/models/ppocr-cls/versions/1/stats");

        var body = await OipJson.ReadAsync(response);
        var entry = Assert.Single(body.GetProperty("model_stats").EnumerateArray());
        AssertTritonShape(entry);
        Assert.Equal("ppocr-cls", entry.GetProperty("name").GetString());
        Assert.Equal("1", entry.GetProperty("version").GetString());
    }

    [Fact(Timeout = 60_000)]
    public async Task GetAllStatistics_Always_EveryModelOfTheRepositoryNotModelMetadata()
    {
        using var response = await silo.Client.GetAsync("v2/models/stats");

        var body = await OipJson.ReadAsync(response);
        Assert.Equal(["model_stats"], body.EnumerateObject().Select(p => p.Name));
        var entries = body.GetProperty("model_stats").EnumerateArray().ToArray();
        Assert.All(entries, AssertTritonShape);
        Assert.Equal(
            RealModelSiloFixture.ModelNames.Select(m => $"{m} 1"),
            entries.Select(e => $"{e.GetProperty("name").GetString()} {e.GetProperty("version").GetString()}").Order(StringComparer.Ordinal));
        Assert.Equal(
            ["silero-vad"],
            entries.Where(e => e.TryGetProperty("sequence_stats", out _)).Select(e => e.GetProperty("name").GetString()));
    }

    [Fact(Timeout = 60_000)]
    public async Task GetModelStatistics_UnknownModel_Returns404NamingModel()
    {
        using var response = await silo.Client.GetAsync("v2/models/no-such-model/stats");

        await OipJson.AssertErrorAsync(response, HttpStatusCode.NotFound, "unknown model 'no-such-model'");
    }

    [Fact(Timeout = 60_000)]
    public async Task GetVersionStatistics_UnknownVersion_Returns404NamingModelAndVersion()
    {
        using var response = await silo.Client.GetAsync("v2/models/ppocr-cls/versions/7/stats");

        await OipJson.AssertErrorAsync(response, HttpStatusCode.NotFound, "'ppocr-cls'", "version 7");
    }

    [Fact(Timeout = 60_000)]
    public async Task GetVersionStatistics_VersionNotANumber_Returns400NamingVersion()
    {
        using var response = await silo.Client.GetAsync("v2/models/ppocr-cls/versions/latest/stats");

        await OipJson.AssertErrorAsync(response, HttpStatusCode.BadRequest, "'latest'");
    }

    private async Task<JsonElement> ClsStatisticsAsync(string path)
    {
        using var response = await silo.Client.GetAsync(path);
        var body = await OipJson.ReadAsync(response);
        return Assert.Single(body.GetProperty("model_stats").EnumerateArray());
    }

    /// <summary>Exactly Triton's fields, in its order, with numbers where it has numbers.</summary>
    private static void AssertTritonShape(JsonElement entry)
    {
        // Triton's fields, then ours for a stateful model only.
        Assert.Equal(ModelStatFields, entry.EnumerateObject().Select(p => p.Name).Where(n => n != "sequence_stats"));
        if (entry.TryGetProperty("sequence_stats", out var sequence))
        {
            Assert.Equal(SequenceStatFields, sequence.EnumerateObject().Select(p => p.Name));
            AssertDuration(sequence.GetProperty("checkpoints"));
        }

        Assert.Equal(JsonValueKind.String, entry.GetProperty("version").ValueKind);
        foreach (var field in new[] { "last_inference", "inference_count", "execution_count" })
        {
            Assert.True(entry.GetProperty(field).GetInt64() >= 0, field);
        }

        var stats = entry.GetProperty("inference_stats");
        Assert.Equal(InferenceStatFields, stats.EnumerateObject().Select(p => p.Name));
        Assert.All(InferenceStatFields, f => AssertDuration(stats.GetProperty(f)));
        foreach (var batch in entry.GetProperty("batch_stats").EnumerateArray())
        {
            Assert.Equal(BatchStatFields, batch.EnumerateObject().Select(p => p.Name));
            Assert.True(batch.GetProperty("batch_size").GetInt32() > 0);
            Assert.All(BatchStatFields[1..], f => AssertDuration(batch.GetProperty(f)));
        }
    }

    private static void AssertDuration(JsonElement duration)
    {
        Assert.Equal(["count", "ns"], duration.EnumerateObject().Select(p => p.Name));
        Assert.True(duration.GetProperty("count").GetInt64() >= 0);
        Assert.True(duration.GetProperty("ns").GetInt64() >= 0);
    }

    private static long Count(JsonElement entry, string field) => entry.GetProperty(field).GetInt64();

    private static (long Count, long Ns) Duration(JsonElement stats, string field)
    {
        var duration = stats.GetProperty(field);
        return (duration.GetProperty("count").GetInt64(), duration.GetProperty("ns").GetInt64());
    }

    private static long BatchCount(JsonElement entry, int size) =>
        entry.GetProperty("batch_stats").EnumerateArray()
            .Where(b => b.GetProperty("batch_size").GetInt32() == size)
            .Select(b => b.GetProperty("compute_infer").GetProperty("count").GetInt64())
            .SingleOrDefault();
}
