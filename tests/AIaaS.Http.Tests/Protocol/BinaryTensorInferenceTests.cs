using System.Net;
using System.Net.Http.Headers;
using System.Runtime.InteropServices;
using AIaaS.Http.Protocol;

namespace AIaaS.Http.Tests.Protocol;

/// <summary>The binary tensor data extension end to end, on the real silo and the real ppocr-cls.</summary>
[Collection(RealModelSiloCollection.Name)]
public sealed class BinaryTensorInferenceTests(RealModelSiloFixture silo)
{
    private static readonly long[] ClsShape = [1, 3, 48, 192];

    [Fact(Timeout = 60_000)]
    public async Task Infer_PpocrClsBinaryInputAndOutput_EqualsJsonPath()
    {
        var data = TestInputs.Uniform(seed: 11, 3 * 48 * 192);
        using var json = await silo.Client.PostAsync("v2/models/ppocr-cls/infer", OipJson.Request([OipJson.Input("x", "FP32", ClsShape, data)]));
        var jsonOutput = Assert.Single((await OipJson.ReadAsync(json)).GetProperty("outputs").EnumerateArray());

        var (body, headerLength) = new BinaryTensorRequest { Parameters = "{\"binary_data_output\": true}" }
            .Binary("x", "FP32", ClsShape, MemoryMarshal.AsBytes(data.AsSpan()).ToArray())
            .Build();
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        content.Headers.Add(InferenceHeaderContentLength.Name, headerLength.ToString(System.Globalization.CultureInfo.InvariantCulture));
        using var binary = await silo.Client.PostAsync("v2/models/ppocr-cls/infer", content);

        var responseBody = await binary.Content.ReadAsByteArrayAsync();
        Assert.True(binary.StatusCode == HttpStatusCode.OK, System.Text.Encoding.UTF8.GetString(responseBody));
        Assert.Equal("application/octet-stream", binary.Content.Headers.ContentType?.MediaType);
        var read = BinaryTensorResponse.Read(responseBody, Assert.Single(binary.Headers.GetValues(InferenceHeaderContentLength.Name)));
        var name = jsonOutput.GetProperty("name").GetString()!;
        var binaryOutput = read.Output(name);
        Assert.Equal("FP32", binaryOutput.GetProperty("datatype").GetString());
        Assert.Equal(OipJson.Shape(jsonOutput), OipJson.Shape(binaryOutput));
        Assert.Equal(OipJson.Floats(jsonOutput), MemoryMarshal.Cast<byte, float>(read.BinaryOutputs[name]).ToArray());
    }

    [Fact(Timeout = 60_000)]
    public async Task Infer_ChunkedBinaryRequest_EqualsContentLengthRequest()
    {
        // Without Content-Length the front reads into a pooled buffer and copies the body once.
        var data = TestInputs.Uniform(seed: 12, 3 * 48 * 192);
        var (body, headerLength) = new BinaryTensorRequest { Parameters = "{\"binary_data_output\": true}" }
            .Binary("x", "FP32", ClsShape, MemoryMarshal.AsBytes(data.AsSpan()).ToArray())
            .Build();

        var sized = await PostBinaryAsync(body, headerLength, chunked: false);
        var chunked = await PostBinaryAsync(body, headerLength, chunked: true);

        var name = Assert.Single(sized.BinaryOutputs.Keys);
        Assert.Equal(sized.BinaryOutputs[name], chunked.BinaryOutputs[name]);
    }

    [Fact(Timeout = 60_000)]
    public async Task Infer_BinaryDataSizeNotMatchingShape_400NamingInput()
    {
        var (body, headerLength) = new BinaryTensorRequest().Binary("x", "FP32", ClsShape, new byte[12]).Build();
        using var content = new ByteArrayContent(body);
        content.Headers.Add(InferenceHeaderContentLength.Name, headerLength.ToString(System.Globalization.CultureInfo.InvariantCulture));

        using var response = await silo.Client.PostAsync("v2/models/ppocr-cls/infer", content);

        await OipJson.AssertErrorAsync(response, HttpStatusCode.BadRequest, "input 'x' binary_data_size 12 does not match shape [1,3,48,192] of FP32, which needs 110592 bytes");
    }

    [Fact(Timeout = 60_000)]
    public async Task Infer_HeaderLengthNotNumeric_400()
    {
        using var content = new ByteArrayContent("{\"inputs\": []}"u8.ToArray());
        content.Headers.Add(InferenceHeaderContentLength.Name, "ten");

        using var response = await silo.Client.PostAsync("v2/models/ppocr-cls/infer", content);

        await OipJson.AssertErrorAsync(response, HttpStatusCode.BadRequest, "header Inference-Header-Content-Length 'ten' is not a non-negative integer");
    }

    [Fact(Timeout = 60_000)]
    public async Task GetServerMetadata_Extensions_IncludeBinaryTensorData()
    {
        using var response = await silo.Client.GetAsync("v2");

        var body = await OipJson.ReadAsync(response);
        Assert.Contains("binary_tensor_data", OipJson.Strings(body.GetProperty("extensions")));
    }

    private async Task<BinaryTensorResponse> PostBinaryAsync(byte[] body, int headerLength, bool chunked)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "v2/models/ppocr-cls/infer") { Content = new ByteArrayContent(body) };
        request.Content.Headers.Add(InferenceHeaderContentLength.Name, headerLength.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.TransferEncodingChunked = chunked;

        using var response = await silo.Client.SendAsync(request);

        var responseBody = await response.Content.ReadAsByteArrayAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, System.Text.Encoding.UTF8.GetString(responseBody));
        return BinaryTensorResponse.Read(responseBody, Assert.Single(response.Headers.GetValues(InferenceHeaderContentLength.Name)));
    }
}
