using System.Net;

namespace AIaaS.Http.Tests;

[Collection(RealModelSiloCollection.Name)]
public sealed class ModelMetadataTests(RealModelSiloFixture silo)
{
    // Facts of the pinned model files (models/catalog.json checks their sha256), narrowed by the
    // catalog's input declarations (ppocr-cls takes 48x192 only); -1 is a dimension left variable.
    public static TheoryData<string, string[], string[]> Signatures => new()
    {
        { "ppocr-cls", ["x FP32 [-1,3,48,192]"], ["softmax_0.tmp_0 FP32 [-1,2]"] },
        { "ppocr-det", ["x FP32 [-1,3,-1,-1]"], ["sigmoid_0.tmp_0 FP32 [-1,1,-1,-1]"] },
        { "ppocr-rec", ["x FP32 [-1,3,48,-1]"], ["softmax_11.tmp_0 FP32 [-1,-1,6625]"] },
        { "silero-vad", ["input FP32 [-1,-1]", "state FP32 [2,-1,128]", "sr INT64 []"], ["output FP32 [-1,1]", "stateN FP32 [-1,-1,-1]"] },
    };

    [Theory(Timeout = 60_000)]
    [MemberData(nameof(Signatures))]
    public async Task GetModelMetadata_RealModel_ReturnsDatatypesAndShapes(string model, string[] inputs, string[] outputs)
    {
        using var response = await silo.Client.GetAsync($"v2/models/{model}");

        var body = await OipJson.ReadAsync(response);
        Assert.Equal(model, body.GetProperty("name").GetString());
        Assert.Equal(["1"], OipJson.Strings(body.GetProperty("versions")));
        Assert.Equal("onnxruntime_onnx", body.GetProperty("platform").GetString());
        Assert.Equal(inputs, body.GetProperty("inputs").EnumerateArray().Select(OipJson.Describe).ToArray());
        Assert.Equal(outputs, body.GetProperty("outputs").EnumerateArray().Select(OipJson.Describe).ToArray());
    }

    [Theory(Timeout = 60_000)]
    [MemberData(nameof(Signatures))]
    public async Task GetVersionMetadata_Version1_ReturnsSameSignatureAsModelMetadata(string model, string[] inputs, string[] outputs)
    {
        using var response = await silo.Client.GetAsync($"v2/models/{model}/versions/1");

        var body = await OipJson.ReadAsync(response);
        Assert.Equal(model, body.GetProperty("name").GetString());
        Assert.Equal(["1"], OipJson.Strings(body.GetProperty("versions")));
        Assert.Equal(inputs, body.GetProperty("inputs").EnumerateArray().Select(OipJson.Describe).ToArray());
        Assert.Equal(outputs, body.GetProperty("outputs").EnumerateArray().Select(OipJson.Describe).ToArray());
    }

    [Fact(Timeout = 60_000)]
    public async Task GetModelMetadata_UnknownModel_Returns404NamingModel()
    {
        using var response = await silo.Client.GetAsync("v2/models/no-such-model");

        await OipJson.AssertErrorAsync(response, HttpStatusCode.NotFound, "unknown model 'no-such-model'");
    }

    [Fact(Timeout = 60_000)]
    public async Task GetVersionMetadata_UnknownVersion_Returns404NamingVersion()
    {
        using var response = await silo.Client.GetAsync("v2/models/ppocr-cls/versions/7");

        await OipJson.AssertErrorAsync(response, HttpStatusCode.NotFound, "'ppocr-cls'", "version 7");
    }

    [Fact(Timeout = 60_000)]
    public async Task GetVersionMetadata_VersionNotANumber_Returns400NamingVersion()
    {
        using var response = await silo.Client.GetAsync("v2/models/ppocr-cls/versions/latest");

        await OipJson.AssertErrorAsync(response, HttpStatusCode.BadRequest, "'latest'");
    }
}
