using System.Text;
using System.Text.Json;
using AIaaS.Cli.Remote;
using AIaaS.Requests;
using AIaaS.Tensors;

namespace AIaaS.Cli.Tests.Bench;

/// <summary>The one request encoder of the CLI: the Open Inference Protocol's JSON form and Triton's binary extension.</summary>
public sealed class OipRequestBodyTests
{
    private static readonly InferenceRequest Request = new()
    {
        Inputs =
        [
            Tensor.Create<float>("x", [1, 3], [0.5f, -1f, 2.25f]),
            Tensor.Create<long>("sr", [], [16000]),
        ],
        Outputs = ["y"],
    };

    [Fact(Timeout = 10_000)]
    public async Task Json_Request_HasEveryInputsDataAndTheOutputs()
    {
        await Task.Yield();

        var body = OipRequestBody.Json(Request);

        Assert.Null(body.HeaderLength);
        using var json = JsonDocument.Parse(body.Content);
        var inputs = json.RootElement.GetProperty("inputs");
        Assert.Equal("x", inputs[0].GetProperty("name").GetString());
        Assert.Equal("FP32", inputs[0].GetProperty("datatype").GetString());
        Assert.Equal([1L, 3L], inputs[0].GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()));
        Assert.Equal([0.5f, -1f, 2.25f], inputs[0].GetProperty("data").EnumerateArray().Select(d => d.GetSingle()));
        Assert.Equal([16000L], inputs[1].GetProperty("data").EnumerateArray().Select(d => d.GetInt64()));
        Assert.Equal("y", json.RootElement.GetProperty("outputs")[0].GetProperty("name").GetString());
        Assert.False(json.RootElement.TryGetProperty("parameters", out _));
    }

    [Fact(Timeout = 10_000)]
    public async Task Binary_Request_IsHeaderWithSizesThenRawBytesInInputOrder()
    {
        await Task.Yield();

        var body = OipRequestBody.Binary(Request);

        var headerLength = Assert.IsType<int>(body.HeaderLength);
        using var header = JsonDocument.Parse(body.Content.AsMemory(0, headerLength));
        var inputs = header.RootElement.GetProperty("inputs");
        Assert.Equal(12, inputs[0].GetProperty("parameters").GetProperty("binary_data_size").GetInt32());
        Assert.Equal(8, inputs[1].GetProperty("parameters").GetProperty("binary_data_size").GetInt32());
        Assert.False(inputs[0].TryGetProperty("data", out _));
        Assert.True(header.RootElement.GetProperty("parameters").GetProperty("binary_data_output").GetBoolean());
        Assert.Equal(headerLength + 12 + 8, body.Content.Length);
        Assert.True(body.Content.AsSpan(headerLength, 12).SequenceEqual(Request.Inputs[0].Data.Span));
        Assert.True(body.Content.AsSpan(headerLength + 12).SequenceEqual(Request.Inputs[1].Data.Span));
    }

    [Fact(Timeout = 10_000)]
    public async Task CreateContent_Binary_CarriesContentTypeAndHeaderLength()
    {
        var body = OipRequestBody.Binary(Request);

        using var content = body.CreateContent();

        Assert.Equal("application/octet-stream", content.Headers.ContentType?.MediaType);
        Assert.Equal(body.HeaderLength?.ToString(System.Globalization.CultureInfo.InvariantCulture), content.Headers.GetValues("Inference-Header-Content-Length").Single());
        Assert.Equal(body.Content, await content.ReadAsByteArrayAsync());
        Assert.StartsWith("{\"inputs\":", Encoding.UTF8.GetString(body.Content), StringComparison.Ordinal);
    }

    [Theory(Timeout = 10_000)]
    [InlineData(false)]
    [InlineData(true)]
    public async Task SequenceSteps_EachStep_SameTensorsWithItsSequenceParameters(bool binary)
    {
        await Task.Yield();
        var steps = OipRequestBody.SequenceSteps(Request, "call-7", binary);

        foreach (var step in new long[] { 0, 1, 12345 })
        {
            var body = steps(step);

            var headerLength = body.HeaderLength ?? body.Content.Length;
            Assert.Equal(binary, body.HeaderLength is not null);
            using var header = JsonDocument.Parse(body.Content.AsMemory(0, headerLength));
            var parameters = header.RootElement.GetProperty("parameters");
            Assert.Equal("call-7", parameters.GetProperty("sequence_id").GetString());
            Assert.Equal(step == 0, parameters.GetProperty("sequence_start").GetBoolean());
            Assert.Equal(step, parameters.GetProperty("sequence_step").GetInt64());
            Assert.Equal(binary, parameters.TryGetProperty("binary_data_output", out _));
            Assert.Equal(2, header.RootElement.GetProperty("inputs").GetArrayLength());
            Assert.Equal("y", header.RootElement.GetProperty("outputs")[0].GetProperty("name").GetString());
            var expected = binary ? OipRequestBody.Binary(Request, new OipSequenceStep("call-7", step)) : OipRequestBody.Json(Request, new OipSequenceStep("call-7", step));
            Assert.Equal(expected.Content, body.Content);
            Assert.Equal(expected.HeaderLength, body.HeaderLength);
        }
    }

    [Fact(Timeout = 10_000)]
    public async Task Json_SequenceStep_DataAndParametersInOneObject()
    {
        await Task.Yield();

        var body = OipRequestBody.Json(Request, new OipSequenceStep("s", 3));

        using var json = JsonDocument.Parse(body.Content);
        Assert.Equal([0.5f, -1f, 2.25f], json.RootElement.GetProperty("inputs")[0].GetProperty("data").EnumerateArray().Select(d => d.GetSingle()));
        Assert.Equal(["sequence_id", "sequence_start", "sequence_step"], json.RootElement.GetProperty("parameters").EnumerateObject().Select(p => p.Name));
    }
}
