using AIaaS.Errors;
using AIaaS.Models;
using AIaaS.Tensors;
using AIaaS.Testing;

namespace AIaaS.EndToEnd.Tests;

/// <summary>One embedded-mode silo process serving the real models over HTTP JSON and the SDK (gateway port).</summary>
[Collection(EmbeddedSiloCollection.Name)]
public sealed class EmbeddedSiloTests(EmbeddedSiloFixture fixture)
{
    [Fact(Timeout = 60_000)]
    public async Task Infer_PpocrClsOverHttpAndSdk_BothEqualInProcessOrt()
    {
        var input = TestTensors.PpocrClsInput();
        var expected = ReferenceOutputs.Run("ppocr-cls", input).Single();

        using var http = new OipHttp(fixture.Silo);
        var overHttp = await http.InferFloatsAsync("ppocr-cls", input);

        await using var sdk = await SdkClient.StartAsync(o => o.GatewayPort = fixture.Silo.GatewayPort);
        var response = await sdk.Inference.InferAsync("ppocr-cls", [input]);

        Assert.Equal([1, 2], expected.Shape);
        ReferenceOutputs.AssertClose(expected.ToArray<float>(), overHttp[expected.Name], what: "HTTP");
        var output = Assert.Single(response.Outputs);
        Assert.Equal(expected.Name, output.Name);
        Assert.Equal(expected.Shape, output.Shape);
        ReferenceOutputs.AssertClose(expected.ToArray<float>(), output.ToArray<float>(), what: "SDK");
        // One replica, one session, one input: both paths see the very same numbers.
        Assert.Equal(overHttp[expected.Name], output.ToArray<float>());
        Assert.Equal("ppocr-cls", response.ModelName);
        Assert.Equal("1", response.ModelVersion);
    }

    [Fact(Timeout = 60_000)]
    public async Task InferAsync_SdkUnknownModel_ThrowsNotFound()
    {
        await using var sdk = await SdkClient.StartAsync(o => o.GatewayPort = fixture.Silo.GatewayPort);

        var error = await Assert.ThrowsAsync<InferenceException>(() => sdk.Inference.InferAsync("no-such-model", [TestTensors.PpocrClsInput()]));

        Assert.Equal(InferenceErrorKind.NotFound, error.Kind);
        Assert.Contains("no-such-model", error.Message, StringComparison.Ordinal);
    }

    [Fact(Timeout = 60_000)]
    public async Task InferAsync_SdkSileroStepWithInputStateAndSr_EqualsInProcessOrt()
    {
        var step = TestTensors.SileroStep();
        var expected = ReferenceOutputs.Run("silero-vad", step).ToDictionary(t => t.Name);

        await using var sdk = await SdkClient.StartAsync(o => o.GatewayPort = fixture.Silo.GatewayPort);
        var response = await sdk.Inference.InferAsync("silero-vad", step);

        var outputs = response.Outputs.ToDictionary(t => t.Name);
        Assert.Equal(["output", "stateN"], outputs.Keys.Order());
        Assert.Equal([1, 1], outputs["output"].Shape);
        Assert.Equal([2, 1, 128], outputs["stateN"].Shape);
        var probability = outputs["output"].ToArray<float>()[0];
        Assert.InRange(probability, 0f, 1f);
        ReferenceOutputs.AssertClose(expected["output"].ToArray<float>(), outputs["output"].ToArray<float>(), what: "output");
        ReferenceOutputs.AssertClose(expected["stateN"].ToArray<float>(), outputs["stateN"].ToArray<float>(), what: "stateN");
    }

    [Fact(Timeout = 60_000)]
    public async Task GetModelAsync_SdkServedModel_ReportsReadyVersion()
    {
        await using var sdk = await SdkClient.StartAsync(o => o.GatewayPort = fixture.Silo.GatewayPort);

        var deployment = await sdk.Inference.GetModelAsync("ppocr-cls");

        var version = Assert.Single(deployment.Versions);
        Assert.Equal(1, version.Version);
        Assert.Equal(ModelVersionStatus.Ready, version.Status);
    }
}
