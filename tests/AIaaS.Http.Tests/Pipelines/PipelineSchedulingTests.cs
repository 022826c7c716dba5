using System.Text.Json;

namespace AIaaS.Http.Tests.Pipelines;

/// <summary>
/// Pipelines over real (tiny) ONNX models in a silo: tensors flow through a diamond of steps
/// listed out of order, and a step batches across concurrent pipeline requests in its own model's
/// scheduler.
/// </summary>
[Collection(PipelineSiloCollection.Name)]
public sealed class PipelineSchedulingTests(PipelineSiloFixture silo)
{
    [Fact(Timeout = 60_000)]
    public async Task Infer_DiamondListedOutOfOrder_EachStepReadsWhatTheOthersWrote()
    {
        float[] x = [1, 2, -3, 0.5f, 4, 0, 10, -1];

        using var response = await silo.Client.PostAsync($"v2/models/{PipelineSiloFixture.Diamond}/infer",
            OipJson.Request([OipJson.Input("x", "FP32", [2, 4], x)]));

        var json = await OipJson.ReadAsync(response);
        var outputs = json.GetProperty("outputs").EnumerateArray().ToDictionary(o => o.GetProperty("name").GetString()!, o => o.Clone());
        // sum-product reads add-one's (x + 1) and scale's (2x).
        Assert.Equal(x.Select(v => (v + 1) + (2 * v)), Floats(outputs["sum"]));
        Assert.Equal(x.Select(v => (v + 1) * (2 * v)), Floats(outputs["product"]));
        Assert.Equal([2L, 4L], outputs["product"].GetProperty("shape").EnumerateArray().Select(e => e.GetInt64()));
    }

    [Fact(Timeout = 60_000)]
    public async Task Infer_ConcurrentPipelineRequests_TheirStepRunsThemAsOneBatch()
    {
        var before = await CountsAsync(PipelineSiloFixture.BatchedStep);

        // The step's model waits up to 2 s for 4 requests: four pipeline requests at once fill one batch.
        var answers = await Task.WhenAll(Enumerable.Range(1, 4).Select(async i =>
        {
            using var response = await silo.Client.PostAsync($"v2/models/{PipelineSiloFixture.Batched}/infer",
                OipJson.Request([OipJson.Input("x", "FP32", [1, 4], new float[] { i, i, i, i })]));
            return Floats((await OipJson.ReadAsync(response)).GetProperty("outputs")[0]);
        }));

        var after = await CountsAsync(PipelineSiloFixture.BatchedStep);
        Assert.Equal(Enumerable.Range(1, 4).Select(i => Enumerable.Repeat(3f * i, 4)), answers);
        Assert.Equal(4, after.Inferences - before.Inferences);
        Assert.Equal(1, after.Executions - before.Executions);
    }

    [Fact(Timeout = 60_000)]
    public async Task Infer_ConcurrentRequestsToAProcessor_RunAsOneBatchAndEachGetsItsOwnRow()
    {
        var before = await CountsAsync(PipelineSiloFixture.BatchedProcessor);

        // Request i: two tokens [i, 0] and [3i, 2] with the second masked out when i is odd.
        var answers = await Task.WhenAll(Enumerable.Range(1, 4).Select(async i =>
        {
            using var response = await silo.Client.PostAsync($"v2/models/{PipelineSiloFixture.BatchedProcessor}/infer", OipJson.Request(
            [
                OipJson.Input("last_hidden_state", "FP32", [1, 2, 2], new float[] { i, 0, 3 * i, 2 }),
                OipJson.Input("attention_mask", "INT64", [1, 2], new long[] { 1, i % 2 == 0 ? 1 : 0 }),
            ]));
            return Floats((await OipJson.ReadAsync(response)).GetProperty("outputs")[0]);
        }));

        var after = await CountsAsync(PipelineSiloFixture.BatchedProcessor);
        Assert.Equal(
            Enumerable.Range(1, 4).Select(i => i % 2 == 0 ? new float[] { 2 * i, 1 } : [i, 0]),
            answers);
        Assert.Equal((4, 1), (after.Inferences - before.Inferences, after.Executions - before.Executions));
    }

    private static float[] Floats(JsonElement output) => [.. output.GetProperty("data").EnumerateArray().Select(e => e.GetSingle())];

    private async Task<(long Inferences, long Executions)> CountsAsync(string model)
    {
        using var stats = JsonDocument.Parse(await silo.Client.GetStringAsync($"v2/models/{model}/stats"));
        var entry = stats.RootElement.GetProperty("model_stats")[0];
        return (entry.GetProperty("inference_count").GetInt64(), entry.GetProperty("execution_count").GetInt64());
    }
}
