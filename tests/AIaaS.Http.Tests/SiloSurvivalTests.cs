using System.Net;

namespace AIaaS.Http.Tests;

/// <summary>
/// Inputs that have taken a silo process down. They run against a child process, so a crash
/// fails this test rather than aborting every other test in the run.
/// </summary>
public sealed class SiloSurvivalTests(SiloProcessFixture fixture) : IClassFixture<SiloProcessFixture>
{
    [Fact(Timeout = 60_000)]
    public async Task Infer_SileroVadZeroBatch_Returns400AndSiloKeepsServing()
    {
        var silo = fixture.Silo;
        object[] inputs =
        [
            OipJson.Input("input", "FP32", [0, 576], Array.Empty<float>()),
            OipJson.Input("state", "FP32", [2, 0, 128], Array.Empty<float>()),
            OipJson.Input("sr", "INT64", [], new[] { 16000L }),
        ];

        HttpResponseMessage? response = null;
        try
        {
            response = await fixture.Client.PostAsync("v2/models/silero-vad/infer", OipJson.Request(inputs));
        }
        catch (HttpRequestException ex)
        {
            await Task.Delay(500);
            Assert.Fail($"the request got no response ({ex.Message}); silo process exited: {silo.HasExited}{Environment.NewLine}{silo.Output.Tail()}");
        }

        using (response)
        {
            await OipJson.AssertErrorAsync(response, HttpStatusCode.BadRequest, "'input'");
        }

        using var live = await fixture.Client.GetAsync("v2/health/live");
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        using var next = await fixture.Client.PostAsync("v2/models/silero-vad/infer", OipJson.Request(InferenceTests.SileroInputs(new float[576])));
        var body = await OipJson.ReadAsync(next);
        Assert.Equal([1L, 1L], OipJson.Shape(OipJson.Output(body, "output")));
    }

    [Fact(Timeout = 60_000)]
    public async Task Infer_BurstOfHugeDeclaredShapes_400sAndMemoryStaysBounded()
    {
        // 82 bytes declaring a 2 GiB FP32 tensor: before the reader counted data against the body,
        // eight of these at once took a silo from 0.8 to 13 GB.
        const string Body = """{"inputs":[{"name":"x","shape":[536870000],"datatype":"FP32","data":[1]}]}""";
        var before = ResidentBytes(fixture.Silo.ProcessId);

        var responses = await Task.WhenAll(Enumerable.Range(0, 16).Select(i =>
            fixture.Client.PostAsync(i % 2 == 0 ? "v2/models/ppocr-cls/infer" : "v2/models/no-such-model/infer", OipJson.Body(Body))));

        foreach (var response in responses)
        {
            using (response)
            {
                Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.NotFound, $"status {response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            }
        }

        var grown = ResidentBytes(fixture.Silo.ProcessId) - before;
        Assert.True(grown < 200L * 1024 * 1024, $"the silo's resident memory grew by {grown / (1024 * 1024)} MiB");
        using var live = await fixture.Client.GetAsync("v2/health/live");
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
    }

    private static long ResidentBytes(int processId)
    {
        var line = File.ReadLines($"/proc/{processId}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture) * 1024;
    }
}
