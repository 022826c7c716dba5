using AIaaS.Tensors;

namespace AIaaS.Http.Tests;

/// <summary>
/// Inference on the real models over HTTP, compared with ONNX Runtime run in-process on the
/// same input: the server must return what the model computes, element for element.
/// </summary>
[Collection(RealModelSiloCollection.Name)]
public sealed class InferenceTests(RealModelSiloFixture silo)
{
    // The server and the reference run the same file through the same ONNX Runtime, and JSON
    // carries floats in round-trip form: only a different execution order could differ.
    private const double Tolerance = 1e-6;

    private static readonly long[] ClsShape = [1, 3, 48, 192];

    [Fact(Timeout = 60_000)]
    public async Task Infer_PpocrClsFlatData_EqualsInProcessOnnxRuntime()
    {
        var data = TestInputs.Uniform(seed: 1, 3 * 48 * 192);
        var outputName = await OutputNameAsync("ppocr-cls");

        using var response = await silo.Client.PostAsync("v2/models/ppocr-cls/infer",
            OipJson.Request([OipJson.Input("x", "FP32", ClsShape, data)]));

        var body = await OipJson.ReadAsync(response);
        Assert.Equal("ppocr-cls", body.GetProperty("model_name").GetString());
        Assert.Equal("1", body.GetProperty("model_version").GetString());
        var output = Assert.Single(body.GetProperty("outputs").EnumerateArray());
        Assert.Equal(outputName, output.GetProperty("name").GetString());
        Assert.Equal([1L, 2L], OipJson.Shape(output));
        OipJson.AssertClose(RunReference("ppocr-cls", Tensor.Create<float>("x", ClsShape, data))[0].ToArray<float>(), OipJson.Floats(output), Tolerance);
    }

    [Fact(Timeout = 60_000)]
    public async Task Infer_PpocrClsBatchOf4_EqualsInProcessOnnxRuntime()
    {
        long[] shape = [4, 3, 48, 192];
        var data = TestInputs.Uniform(seed: 2, 4 * 3 * 48 * 192);

        using var response = await silo.Client.PostAsync("v2/models/ppocr-cls/infer",
            OipJson.Request([OipJson.Input("x", "FP32", shape, data)]));

        var output = Assert.Single((await OipJson.ReadAsync(response)).GetProperty("outputs").EnumerateArray());
        Assert.Equal([4L, 2L], OipJson.Shape(output));
        OipJson.AssertClose(RunReference("ppocr-cls", Tensor.Create<float>("x", shape, data))[0].ToArray<float>(), OipJson.Floats(output), Tolerance);
    }

    [Fact(Timeout = 60_000)]
    public async Task Infer_PpocrClsNestedData_EqualsFlatData()
    {
        var data = TestInputs.Uniform(seed: 3, 3 * 48 * 192);

        using var flat = await silo.Client.PostAsync("v2/models/ppocr-cls/infer",
            OipJson.Request([OipJson.Input("x", "FP32", ClsShape, data)]));
        using var nested = await silo.Client.PostAsync("v2/models/ppocr-cls/infer",
            OipJson.Request([OipJson.Input("x", "FP32", ClsShape, TestInputs.Nest(data, ClsShape))]));

        var flatOutput = Assert.Single((await OipJson.ReadAsync(flat)).GetProperty("outputs").EnumerateArray());
        var nestedOutput = Assert.Single((await OipJson.ReadAsync(nested)).GetProperty("outputs").EnumerateArray());
        Assert.Equal(OipJson.Shape(flatOutput), OipJson.Shape(nestedOutput));
        Assert.Equal(OipJson.Floats(flatOutput), OipJson.Floats(nestedOutput));
    }

    [Fact(Timeout = 60_000)]
    public async Task Infer_RequestWithId_EchoesId()
    {
        using var response = await silo.Client.PostAsync("v2/models/ppocr-cls/infer",
            OipJson.Request([OipJson.Input("x", "FP32", ClsShape, TestInputs.Uniform(seed: 4, 3 * 48 * 192))], id: "request-42"));

        var body = await OipJson.ReadAsync(response);
        Assert.Equal("request-42", body.GetProperty("id").GetString());
    }

    [Fact(Timeout = 60_000)]
    public async Task Infer_RequestWithoutId_ReturnsNoId()
    {
        using var response = await silo.Client.PostAsync("v2/models/ppocr-cls/infer",
            OipJson.Request([OipJson.Input("x", "FP32", ClsShape, TestInputs.Uniform(seed: 4, 3 * 48 * 192))]));

        var body = await OipJson.ReadAsync(response);
        Assert.False(body.TryGetProperty("id", out _));
    }

    [Fact(Timeout = 60_000)]
    public async Task Infer_PpocrClsRequestedOutput_ReturnsThatOutput()
    {
        var outputName = await OutputNameAsync("ppocr-cls");

        using var response = await silo.Client.PostAsync("v2/models/ppocr-cls/infer",
            OipJson.Request([OipJson.Input("x", "FP32", ClsShape, TestInputs.Uniform(seed: 5, 3 * 48 * 192))], outputs: [outputName]));

        Assert.Equal([outputName], OipJson.OutputNames(await OipJson.ReadAsync(response)));
    }

    [Theory(Timeout = 60_000)]
    [InlineData("output")]
    [InlineData("stateN")]
    public async Task Infer_SileroVadOneRequestedOutput_ReturnsOnlyThatOutput(string requested)
    {
        using var response = await silo.Client.PostAsync("v2/models/silero-vad/infer",
            OipJson.Request(SileroInputs(TestInputs.Uniform(seed: 6, 576)), outputs: [requested]));

        var body = await OipJson.ReadAsync(response);
        Assert.Equal([requested], OipJson.OutputNames(body));
    }

    [Fact(Timeout = 60_000)]
    public async Task Infer_ThroughVersion1_ReturnsVersion1Result()
    {
        var data = TestInputs.Uniform(seed: 7, 3 * 48 * 192);

        using var response = await silo.Client.PostAsync("v2/models/ppocr-cls/versions/1/infer",
            OipJson.Request([OipJson.Input("x", "FP32", ClsShape, data)]));

        var body = await OipJson.ReadAsync(response);
        Assert.Equal("1", body.GetProperty("model_version").GetString());
        var output = Assert.Single(body.GetProperty("outputs").EnumerateArray());
        OipJson.AssertClose(RunReference("ppocr-cls", Tensor.Create<float>("x", ClsShape, data))[0].ToArray<float>(), OipJson.Floats(output), Tolerance);
    }

    [Fact(Timeout = 60_000)]
    public async Task Infer_PpocrRecWidth320_Returns1xTx6625EqualToInProcess()
    {
        long[] shape = [1, 3, 48, 320];
        var data = TestInputs.Uniform(seed: 8, 3 * 48 * 320);

        using var response = await silo.Client.PostAsync("v2/models/ppocr-rec/infer",
            OipJson.Request([OipJson.Input("x", "FP32", shape, data)]));

        var output = Assert.Single((await OipJson.ReadAsync(response)).GetProperty("outputs").EnumerateArray());
        var expected = RunReference("ppocr-rec", Tensor.Create<float>("x", shape, data))[0];
        // PP-OCRv4's recogniser downsamples the width by 8: 40 time steps for 320 pixels.
        Assert.Equal([1L, 40L, 6625L], OipJson.Shape(output));
        Assert.Equal(expected.Shape, OipJson.Shape(output));
        OipJson.AssertClose(expected.ToArray<float>(), OipJson.Floats(output), Tolerance);
    }

    [Fact(Timeout = 60_000)]
    public async Task Infer_PpocrDet64x64_Returns1x1x64x64EqualToInProcess()
    {
        long[] shape = [1, 3, 64, 64];
        var data = TestInputs.Uniform(seed: 9, 3 * 64 * 64);

        using var response = await silo.Client.PostAsync("v2/models/ppocr-det/infer",
            OipJson.Request([OipJson.Input("x", "FP32", shape, data)]));

        var output = Assert.Single((await OipJson.ReadAsync(response)).GetProperty("outputs").EnumerateArray());
        Assert.Equal([1L, 1L, 64L, 64L], OipJson.Shape(output));
        OipJson.AssertClose(RunReference("ppocr-det", Tensor.Create<float>("x", shape, data))[0].ToArray<float>(), OipJson.Floats(output), Tolerance);
    }

    [Fact(Timeout = 60_000)]
    public async Task Infer_SileroVadZeroState_ReturnsOutputAndStateNEqualToInProcess()
    {
        // Low-amplitude noise, as audio samples in [-1, 1] at 16 kHz: 64 of context, then 512 new.
        var samples = TestInputs.Uniform(seed: 10, 576).Select(v => v * 0.1f).ToArray();

        using var response = await silo.Client.PostAsync("v2/models/silero-vad/infer", OipJson.Request(SileroInputs(samples)));

        var body = await OipJson.ReadAsync(response);
        Assert.Equal(["output", "stateN"], OipJson.OutputNames(body));
        var expected = RunReference("silero-vad",
            Tensor.Create<float>("input", [1, 576], samples),
            Tensor.Create<float>("state", [2, 1, 128], new float[256]),
            Tensor.Create<long>("sr", [], [16000L]));
        var output = OipJson.Output(body, "output");
        var stateN = OipJson.Output(body, "stateN");
        Assert.Equal([1L, 1L], OipJson.Shape(output));
        Assert.Equal([2L, 1L, 128L], OipJson.Shape(stateN));
        OipJson.AssertClose(expected[0].ToArray<float>(), OipJson.Floats(output), Tolerance);
        OipJson.AssertClose(expected[1].ToArray<float>(), OipJson.Floats(stateN), Tolerance);
    }

    internal static object[] SileroInputs(float[] samples) =>
    [
        OipJson.Input("input", "FP32", [1, 576], samples),
        OipJson.Input("state", "FP32", [2, 1, 128], new float[256]),
        OipJson.Input("sr", "INT64", [], new[] { 16000L }),
    ];

    private IReadOnlyList<TensorPayload> RunReference(string model, params TensorPayload[] inputs) => silo.Reference(model).Run(inputs);

    private async Task<string> OutputNameAsync(string model)
    {
        using var response = await silo.Client.GetAsync($"v2/models/{model}");
        var output = Assert.Single((await OipJson.ReadAsync(response)).GetProperty("outputs").EnumerateArray());
        return output.GetProperty("name").GetString()!;
    }
}
