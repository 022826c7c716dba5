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
}
