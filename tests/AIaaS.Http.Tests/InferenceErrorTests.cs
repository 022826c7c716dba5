using System.Net;

namespace AIaaS.Http.Tests;

/// <summary>Every documented inference error: its status and a message naming what is wrong.</summary>
[Collection(RealModelSiloCollection.Name)]
public sealed class InferenceErrorTests(RealModelSiloFixture silo)
{
    private const int ClsElements = 3 * 48 * 192;

    private static readonly long[] ClsShape = [1, 3, 48, 192];

    [Fact(Timeout = 60_000)]
    public async Task Infer_BodyNotJson_Returns400()
    {
        using var response = await silo.Client.PostAsync("v2/models/ppocr-cls/infer", OipJson.Body("this is not json"));

        await OipJson.AssertErrorAsync(response, HttpStatusCode.BadRequest, "not valid JSON");
    }

    [Fact(Timeout = 60_000)]
    public async Task Infer_BodyNotAnObject_Returns400()
    {
        using var response = await silo.Client.PostAsync("v2/models/ppocr-cls/infer", OipJson.Body("[1, 2, 3]"));

        await OipJson.AssertErrorAsync(response, HttpStatusCode.BadRequest, "JSON object");
    }

    [Fact(Timeout = 60_000)]
    public async Task Infer_NoInputsArray_Returns400NamingInputs()
    {
        using var response = await silo.Client.PostAsync("v2/models/ppocr-cls/infer", OipJson.Body("""{"id": "a"}"""));

        await OipJson.AssertErrorAsync(response, HttpStatusCode.BadRequest, "'inputs'");
    }

    [Fact(Timeout = 60_000)]
    public async Task Infer_EmptyInputs_Returns400NamingMissingInput()
    {
        using var response = await silo.Client.PostAsync("v2/models/ppocr-cls/infer", OipJson.Body("""{"inputs": []}"""));

        await OipJson.AssertErrorAsync(response, HttpStatusCode.BadRequest, "missing input 'x'");
    }

    [Fact(Timeout = 60_000)]
    public async Task Infer_UnknownInputName_Returns400NamingInput()
    {
        using var response = await silo.Client.PostAsync("v2/models/ppocr-cls/infer",
            OipJson.Request([OipJson.Input("image", "FP32", ClsShape, new float[ClsElements])]));

        await OipJson.AssertErrorAsync(response, HttpStatusCode.BadRequest, "'image'", "x");
    }

    [Fact(Timeout = 60_000)]
    public async Task Infer_MissingInput_Returns400NamingMissingInput()
    {
        object[] inputs = [.. InferenceTests.SileroInputs(new float[576]).Take(2)];

        using var response = await silo.Client.PostAsync("v2/models/silero-vad/infer", OipJson.Request(inputs));

        var message = await OipJson.AssertErrorAsync(response, HttpStatusCode.BadRequest, "missing input 'sr'");
        Assert.DoesNotContain("'state'", message, StringComparison.Ordinal);
    }

    [Fact(Timeout = 60_000)]
    public async Task Infer_DuplicateInput_Returns400NamingInput()
    {
        using var response = await silo.Client.PostAsync("v2/models/ppocr-cls/infer", OipJson.Request(
            [OipJson.Input("x", "FP32", ClsShape, new float[ClsElements]), OipJson.Input("x", "FP32", ClsShape, new float[ClsElements])]));

        await OipJson.AssertErrorAsync(response, HttpStatusCode.BadRequest, "'x'", "more than once");
    }

    [Fact(Timeout = 60_000)]
    public async Task Infer_WrongDatatype_Returns400NamingInputAndBothTypes()
    {
        using var response = await silo.Client.PostAsync("v2/models/ppocr-cls/infer",
            OipJson.Request([OipJson.Input("x", "FP64", ClsShape, new double[ClsElements])]));

        await OipJson.AssertErrorAsync(response, HttpStatusCode.BadRequest, "'x'", "FP64", "FP32");
    }

    [Fact(Timeout = 60_000)]
    public async Task Infer_WrongRank_Returns400NamingInput()
    {
        using var response = await silo.Client.PostAsync("v2/models/ppocr-cls/infer",
            OipJson.Request([OipJson.Input("x", "FP32", [3, 48, 192], new float[ClsElements])]));

        await OipJson.AssertErrorAsync(response, HttpStatusCode.BadRequest, "'x'", "rank 3", "rank 4");
    }

    [Fact(Timeout = 60_000)]
    public async Task Infer_WrongChannelDimension_Returns400NamingInputAndDimension()
    {
        using var response = await silo.Client.PostAsync("v2/models/ppocr-cls/infer",
            OipJson.Request([OipJson.Input("x", "FP32", [1, 4, 48, 192], new float[4 * 48 * 192])]));

        await OipJson.AssertErrorAsync(response, HttpStatusCode.BadRequest, "'x'", "dimension 1 is 4", "expects 3");
    }

    [Fact(Timeout = 60_000)]
    public async Task Infer_PpocrRecWrongHeight_Returns400NamingInputAndDimension()
    {
        using var response = await silo.Client.PostAsync("v2/models/ppocr-rec/infer",
            OipJson.Request([OipJson.Input("x", "FP32", [1, 3, 32, 320], new float[3 * 32 * 320])]));

        await OipJson.AssertErrorAsync(response, HttpStatusCode.BadRequest, "'x'", "dimension 2 is 32", "expects 48");
    }

    [Fact(Timeout = 60_000)]
    public async Task Infer_BatchOverMaxBatchSize_Returns400NamingInputAndLimit()
    {
        // ppocr-det's config.json sets max_batch_size 4.
        using var response = await silo.Client.PostAsync("v2/models/ppocr-det/infer",
            OipJson.Request([OipJson.Input("x", "FP32", [5, 3, 32, 32], new float[5 * 3 * 32 * 32])]));

        await OipJson.AssertErrorAsync(response, HttpStatusCode.BadRequest, "'x'", "batch size 5", "max_batch_size is 4");
    }

    [Fact(Timeout = 60_000)]
    public async Task Infer_DetectorSideNotAMultipleOf32_Returns400BeforeOnnxRuntime()
    {
        // ppocr-det's graph leaves H and W open but runs only on multiples of 32, which its
        // catalog config declares (multiple_of): the validator refuses before ONNX Runtime runs.
        using var response = await silo.Client.PostAsync("v2/models/ppocr-det/infer",
            OipJson.Request([OipJson.Input("x", "FP32", [1, 3, 100, 100], new float[3 * 100 * 100])]));

        await OipJson.AssertErrorAsync(response, HttpStatusCode.BadRequest, "input 'x' dimension 2 is 100 but the model takes only positive multiples of 32 there");

        // The replica still serves.
        using var good = await silo.Client.PostAsync("v2/models/ppocr-det/infer",
            OipJson.Request([OipJson.Input("x", "FP32", [1, 3, 64, 64], new float[3 * 64 * 64])]));
        Assert.Equal(HttpStatusCode.OK, good.StatusCode);
    }

    [Fact(Timeout = 60_000)]
    public async Task Infer_ClassifierZeroSizedImage_Returns400InTheCallersTerms()
    {
        using var response = await silo.Client.PostAsync("v2/models/ppocr-cls/infer",
            OipJson.Request([OipJson.Input("x", "FP32", [1, 3, 0, 0], Array.Empty<float>())]));

        var message = await OipJson.AssertErrorAsync(response, HttpStatusCode.BadRequest, "input 'x' dimension 2 is 0 but the model expects 48");
        Assert.DoesNotContain("node", message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact(Timeout = 60_000)]
    public async Task Infer_ZeroBatch_Returns400NamingInput()
    {
        // A caller's mistake, not a server failure: Triton answers 400 for batch size 0.
        using var response = await silo.Client.PostAsync("v2/models/ppocr-cls/infer",
            OipJson.Request([OipJson.Input("x", "FP32", [0, 3, 48, 192], Array.Empty<float>())]));

        await OipJson.AssertErrorAsync(response, HttpStatusCode.BadRequest, "'x'");
    }

    [Fact(Timeout = 60_000)]
    public async Task Infer_SileroStateBatchNotMatchingInputBatch_Returns400NamingState()
    {
        // input has batch 1, state (batch axis 1) has batch 2.
        object[] inputs =
        [
            OipJson.Input("input", "FP32", [1, 576], new float[576]),
            OipJson.Input("state", "FP32", [2, 2, 128], new float[512]),
            OipJson.Input("sr", "INT64", [], new[] { 16000L }),
        ];

        using var response = await silo.Client.PostAsync("v2/models/silero-vad/infer", OipJson.Request(inputs));

        await OipJson.AssertErrorAsync(response, HttpStatusCode.BadRequest, "'state'");
    }

    [Fact(Timeout = 60_000)]
    public async Task Infer_TooFewDataElements_Returns400NamingInputAndCounts()
    {
        using var response = await silo.Client.PostAsync("v2/models/ppocr-cls/infer",
            OipJson.Request([OipJson.Input("x", "FP32", ClsShape, new float[5])]));

        await OipJson.AssertErrorAsync(response, HttpStatusCode.BadRequest, "'x'", "5 data elements", $"needs {ClsElements}");
    }

    [Fact(Timeout = 60_000)]
    public async Task Infer_TooManyDataElements_Returns400NamingInputAndCounts()
    {
        using var response = await silo.Client.PostAsync("v2/models/ppocr-cls/infer",
            OipJson.Request([OipJson.Input("x", "FP32", ClsShape, new float[ClsElements + 1])]));

        await OipJson.AssertErrorAsync(response, HttpStatusCode.BadRequest, "'x'", $"{ClsElements + 1} data elements", $"needs {ClsElements}");
    }

    [Fact(Timeout = 60_000)]
    public async Task Infer_StringInFp32Data_Returns400NamingInputAndElement()
    {
        var data = new object[ClsElements];
        Array.Fill(data, 0.5f);
        data[7] = "seven";

        using var response = await silo.Client.PostAsync("v2/models/ppocr-cls/infer",
            OipJson.Request([OipJson.Input("x", "FP32", ClsShape, data)]));

        await OipJson.AssertErrorAsync(response, HttpStatusCode.BadRequest, "'x'", "element 7", "not a number");
    }

    [Fact(Timeout = 60_000)]
    public async Task Infer_OutOfRangeInt64Data_Returns400NamingInput()
    {
        object[] inputs =
        [
            .. InferenceTests.SileroInputs(new float[576]).Take(2),
            OipJson.Input("sr", "INT64", [], new[] { 1e30 }),
        ];

        using var response = await silo.Client.PostAsync("v2/models/silero-vad/infer", OipJson.Request(inputs));

        await OipJson.AssertErrorAsync(response, HttpStatusCode.BadRequest, "'sr'", "INT64");
    }

    [Fact(Timeout = 60_000)]
    public async Task Infer_UnknownDatatype_Returns400NamingInputAndDatatype()
    {
        using var response = await silo.Client.PostAsync("v2/models/ppocr-cls/infer",
            OipJson.Request([OipJson.Input("x", "FLOAT33", ClsShape, new float[ClsElements])]));

        await OipJson.AssertErrorAsync(response, HttpStatusCode.BadRequest, "'x'", "'FLOAT33'");
    }

    [Fact(Timeout = 60_000)]
    public async Task Infer_NegativeDimension_Returns400NamingInput()
    {
        using var response = await silo.Client.PostAsync("v2/models/ppocr-cls/infer",
            OipJson.Request([OipJson.Input("x", "FP32", [1, 3, 48, -192], new float[ClsElements])]));

        await OipJson.AssertErrorAsync(response, HttpStatusCode.BadRequest, "'x'", "shape");
    }

    [Fact(Timeout = 60_000)]
    public async Task Infer_UnknownRequestedOutput_Returns400NamingOutput()
    {
        using var response = await silo.Client.PostAsync("v2/models/ppocr-cls/infer",
            OipJson.Request([OipJson.Input("x", "FP32", ClsShape, new float[ClsElements])], outputs: ["logits"]));

        await OipJson.AssertErrorAsync(response, HttpStatusCode.BadRequest, "unknown output 'logits'");
    }

    [Fact(Timeout = 60_000)]
    public async Task Infer_UnknownModel_Returns404NamingModel()
    {
        using var response = await silo.Client.PostAsync("v2/models/no-such-model/infer",
            OipJson.Request([OipJson.Input("x", "FP32", [1], new float[1])]));

        await OipJson.AssertErrorAsync(response, HttpStatusCode.NotFound, "'no-such-model'");
    }

    [Fact(Timeout = 60_000)]
    public async Task Infer_UnknownVersion_Returns404NamingModelAndVersion()
    {
        using var response = await silo.Client.PostAsync("v2/models/ppocr-cls/versions/7/infer",
            OipJson.Request([OipJson.Input("x", "FP32", ClsShape, new float[ClsElements])]));

        await OipJson.AssertErrorAsync(response, HttpStatusCode.NotFound, "'ppocr-cls'", "version 7");
    }

    [Theory(Timeout = 60_000)]
    [InlineData("latest")]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("1.5")]
    public async Task Infer_InvalidVersionText_Returns400NamingVersion(string version)
    {
        using var response = await silo.Client.PostAsync($"v2/models/ppocr-cls/versions/{version}/infer",
            OipJson.Request([OipJson.Input("x", "FP32", ClsShape, new float[ClsElements])]));

        await OipJson.AssertErrorAsync(response, HttpStatusCode.BadRequest, $"'{version}'");
    }

    [Fact(Timeout = 60_000)]
    public async Task Infer_AfterBadRequests_SiloStillServes()
    {
        using var bad = await silo.Client.PostAsync("v2/models/ppocr-cls/infer", OipJson.Body("{\"inputs\": [{\"name\": \"x\""));
        await OipJson.AssertErrorAsync(bad, HttpStatusCode.BadRequest, "not valid JSON");

        using var good = await silo.Client.PostAsync("v2/models/ppocr-cls/infer",
            OipJson.Request([OipJson.Input("x", "FP32", ClsShape, new float[ClsElements])]));

        var output = Assert.Single((await OipJson.ReadAsync(good)).GetProperty("outputs").EnumerateArray());
        Assert.Equal([1L, 2L], OipJson.Shape(output));
    }
}
