using System.Text.Json;
using AIaaS.Http.Protocol;
using AIaaS.Requests;
using AIaaS.Tensors;
using Microsoft.AspNetCore.Http;

namespace AIaaS.Http.Tests.Protocol;

/// <summary>The response side of the binary tensor data extension, written to an in-memory HTTP response (no server).</summary>
public sealed class OipResponseWriterTests
{
    private static readonly BinaryOutputSelection AllBinary = new(true, new Dictionary<string, bool>());

    [Theory(Timeout = 10_000)]
    [MemberData(nameof(DatatypeSamples.All), MemberType = typeof(DatatypeSamples))]
    public async Task WriteAsync_BinaryOutputEveryDatatype_BytesEqualOutputData(string datatype, long[] shape, byte[] data)
    {
        Assert.True(TensorDataTypes.TryParse(datatype, out var type));
        var response = Response(new TensorPayload("OUTPUT0", type.Value, shape, data));

        var (http, body) = await WriteAsync(response, AllBinary);

        Assert.Equal("application/octet-stream", http.ContentType);
        Assert.Equal(body.Length, http.ContentLength);
        var read = BinaryTensorResponse.Read(body, http.Headers[InferenceHeaderContentLength.Name]);
        var output = read.Output("OUTPUT0");
        Assert.Equal(datatype, output.GetProperty("datatype").GetString());
        Assert.Equal(shape, output.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()));
        Assert.Equal(data.Length, output.GetProperty("parameters").GetProperty("binary_data_size").GetInt32());
        Assert.Equal(data, read.BinaryOutputs["OUTPUT0"]);
    }

    [Theory(Timeout = 10_000)]
    [MemberData(nameof(DatatypeSamples.All), MemberType = typeof(DatatypeSamples))]
    public async Task RoundTrip_BinaryRequestEveryDatatype_BinaryResponseEqualsRequestBytes(string datatype, long[] shape, byte[] data)
    {
        var (requestBody, headerLength) = new BinaryTensorRequest()
            .Binary("INPUT0", datatype, shape, data)
            .Output("INPUT0", binaryData: true)
            .Build();
        var parsed = OipJsonRequestReader.Parse(requestBody, headerLength);

        // An identity model: the input comes back as the output.
        var (http, body) = await WriteAsync(Response([.. parsed.Request.Inputs]), parsed.BinaryOutputs);

        var read = BinaryTensorResponse.Read(body, http.Headers[InferenceHeaderContentLength.Name]);
        Assert.Equal(data, read.BinaryOutputs["INPUT0"]);
        Assert.Equal(shape, read.Output("INPUT0").GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()));
    }

    [Fact(Timeout = 10_000)]
    public async Task WriteAsync_MixedBinaryAndJsonOutputs_BinaryBytesInOutputOrder()
    {
        var first = DatatypeSamples.Floats(1.5f, -2);
        var third = DatatypeSamples.Int64s(long.MaxValue);
        var response = Response(
            new TensorPayload("first", TensorDataType.Fp32, [2], first),
            new TensorPayload("second", TensorDataType.Int32, [1], new byte[] { 7, 0, 0, 0 }),
            new TensorPayload("third", TensorDataType.Int64, [1], third));
        var selection = new BinaryOutputSelection(true, new Dictionary<string, bool> { ["second"] = false });

        var (http, body) = await WriteAsync(response, selection);

        var headerLength = http.Headers[InferenceHeaderContentLength.Name].ToString();
        Assert.Equal(body.Length - first.Length - third.Length, int.Parse(headerLength, System.Globalization.CultureInfo.InvariantCulture));
        var read = BinaryTensorResponse.Read(body, headerLength);
        Assert.Equal(["first", "third"], read.BinaryOutputs.Keys);
        Assert.Equal(first, read.BinaryOutputs["first"]);
        Assert.Equal(third, read.BinaryOutputs["third"]);
        var second = read.Output("second");
        Assert.False(second.TryGetProperty("parameters", out _));
        Assert.Equal([7], second.GetProperty("data").EnumerateArray().Select(e => e.GetInt32()));
    }

    [Fact(Timeout = 10_000)]
    public async Task WriteAsync_BinaryHeader_DescribesOutputsLikeTriton()
    {
        var response = Response(new TensorPayload("y", TensorDataType.Fp32, [1, 2], DatatypeSamples.Floats(0.25f, 0.75f)));

        var (http, body) = await WriteAsync(response, AllBinary);

        var headerLength = int.Parse(http.Headers[InferenceHeaderContentLength.Name].ToString(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(
            """{"model_name":"m","model_version":"1","id":"r1","outputs":[{"name":"y","datatype":"FP32","shape":[1,2],"parameters":{"binary_data_size":8}}]}""",
            System.Text.Encoding.UTF8.GetString(body, 0, headerLength));
    }

    [Fact(Timeout = 10_000)]
    public async Task WriteAsync_NoBinaryOutputs_JsonWithoutHeaderLength()
    {
        var response = Response(new TensorPayload("y", TensorDataType.Fp32, [2], DatatypeSamples.Floats(0.5f, 1)));

        var (http, body) = await WriteAsync(response, new BinaryOutputSelection(false, new Dictionary<string, bool> { ["other"] = true }));

        Assert.Equal("application/json", http.ContentType);
        Assert.False(http.Headers.ContainsKey(InferenceHeaderContentLength.Name));
        using var document = JsonDocument.Parse(body);
        var output = Assert.Single(document.RootElement.GetProperty("outputs").EnumerateArray());
        Assert.Equal([0.5f, 1f], output.GetProperty("data").EnumerateArray().Select(e => e.GetSingle()));
    }

    [Fact(Timeout = 10_000)]
    public async Task WriteAsync_EmptyBinaryOutput_SizeZero()
    {
        var response = Response(
            new TensorPayload("empty", TensorDataType.Fp32, [0], ReadOnlyMemory<byte>.Empty),
            new TensorPayload("y", TensorDataType.UInt8, [1], new byte[] { 9 }));

        var (http, body) = await WriteAsync(response, AllBinary);

        var read = BinaryTensorResponse.Read(body, http.Headers[InferenceHeaderContentLength.Name]);
        Assert.Empty(read.BinaryOutputs["empty"]);
        Assert.Equal([9], read.BinaryOutputs["y"]);
    }

    private static InferenceResponse Response(params TensorPayload[] outputs) =>
        new() { ModelName = "m", ModelVersion = "1", Id = "r1", Outputs = outputs };

    private static async Task<(HttpResponse Http, byte[] Body)> WriteAsync(InferenceResponse response, BinaryOutputSelection selection)
    {
        var context = new DefaultHttpContext();
        using var stream = new MemoryStream();
        context.Response.Body = stream;

        await OipResponseWriter.WriteAsync(context.Response, response, selection, CancellationToken.None);
        await context.Response.BodyWriter.CompleteAsync();

        Assert.Equal(StatusCodes.Status200OK, context.Response.StatusCode);
        return (context.Response, stream.ToArray());
    }
}
