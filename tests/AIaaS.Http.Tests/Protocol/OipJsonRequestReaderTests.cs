using System.Runtime.InteropServices;
using System.Text;
using AIaaS.Errors;
using AIaaS.Http.Protocol;
using AIaaS.Tensors;
using AIaaS.Testing;

namespace AIaaS.Http.Tests.Protocol;

/// <summary>The request side of the binary tensor data extension, at the codec (no server).</summary>
public sealed class OipJsonRequestReaderTests
{
    [Theory]
    [MemberData(nameof(DatatypeSamples.All), MemberType = typeof(DatatypeSamples))]
    public void Parse_BinaryInputEveryDatatype_DataEqualsBinaryBytes(string datatype, long[] shape, byte[] data)
    {
        var (body, headerLength) = new BinaryTensorRequest().Binary("INPUT0", datatype, shape, data).Build();

        var input = Assert.Single(OipJsonRequestReader.Parse(body, headerLength).Request.Inputs);

        Assert.Equal("INPUT0", input.Name);
        Assert.Equal(datatype, input.DataType.ToProtocolName());
        Assert.Equal(shape, input.Shape);
        Assert.Equal(data, input.Data.ToArray());
    }

    [Fact]
    public void Read_FlatAndNestedFp32Data_SameLittleEndianBytes()
    {
        var flat = OipJsonRequestReader.Read(Encoding.UTF8.GetBytes(
            """{"inputs": [{"name": "x", "shape": [2, 2], "datatype": "FP32", "data": [1.5, -2, 3e-3, 16777217]}]}"""));
        var nested = OipJsonRequestReader.Read(Encoding.UTF8.GetBytes(
            """{"inputs": [{"name": "x", "shape": [2, 2], "datatype": "FP32", "data": [[1.5, -2], [3e-3, 16777217]]}]}"""));

        Assert.Equal(DatatypeSamples.Floats(1.5f, -2, 3e-3f, 16777217), flat.Inputs[0].Data.ToArray());
        Assert.Equal(flat.Inputs[0].Data.ToArray(), nested.Inputs[0].Data.ToArray());
    }

    [Fact]
    public void Read_Fp32DataWithOneNestedElement_FlattensInRowMajorOrder()
    {
        var request = OipJsonRequestReader.Read(Encoding.UTF8.GetBytes(
            """{"inputs": [{"name": "x", "shape": [4], "datatype": "FP32", "data": [1, 2, [3], 4]}]}"""));

        Assert.Equal(DatatypeSamples.Floats(1, 2, 3, 4), request.Inputs[0].Data.ToArray());
    }

    [Theory]
    [InlineData("[1, 2, \"3\", 4]", "input 'x' data element 2 is not a number (FP32)")]
    [InlineData("[1, 2, 3]", "input 'x' has 3 data elements but its shape needs 4")]
    [InlineData("[1, 2, 3, 4, 5]", "input 'x' has 5 data elements but its shape needs 4")]
    [InlineData("[1, 2, true, 4]", "input 'x' data element 2 is not a number (FP32)")]
    public void Read_FlatFp32DataNotAllFloats_SameErrorsAsTheGeneralPath(string data, string message)
    {
        var body = Encoding.UTF8.GetBytes($$"""{"inputs": [{"name": "x", "shape": [4], "datatype": "FP32", "data": {{data}}}]}""");

        var ex = Assert.Throws<InferenceException>(() => OipJsonRequestReader.Read(body));

        Assert.Equal(message, ex.Message);
    }

    [Fact]
    public void Parse_BinaryInput_SlicesBodyWithoutCopy()
    {
        var data = DatatypeSamples.Floats(1, 2, 3);
        var (body, headerLength) = new BinaryTensorRequest().Binary("x", "FP32", [3], data).Build();

        var input = Assert.Single(OipJsonRequestReader.Parse(body, headerLength).Request.Inputs);

        Assert.True(MemoryMarshal.TryGetArray(input.Data, out var segment));
        Assert.Same(body, segment.Array);
        Assert.Equal(headerLength, segment.Offset);
        Assert.Equal(data.Length, segment.Count);
    }

    [Fact]
    public void Parse_MixedJsonAndBinaryInputs_EachInputHasItsData()
    {
        var ids = DatatypeSamples.Int64s(-1, 0, 7);
        var strings = BytesTensorData.Encode(Encoding.UTF8.GetBytes("x"), Encoding.UTF8.GetBytes("yz"));
        var (body, headerLength) = new BinaryTensorRequest()
            .Json("scores", "FP32", [2], "\"data\": [0.5, -1.5]")
            .Binary("ids", "INT64", [3], ids)
            .Json("words", "BYTES", [1], "\"data\": [\"hi\"]")
            .Binary("tokens", "BYTES", [2], strings)
            .Build();

        var inputs = OipJsonRequestReader.Parse(body, headerLength).Request.Inputs;

        Assert.Equal(["scores", "ids", "words", "tokens"], inputs.Select(i => i.Name));
        Assert.Equal(DatatypeSamples.Floats(0.5f, -1.5f), inputs[0].Data.ToArray());
        Assert.Equal(ids, inputs[1].Data.ToArray());
        Assert.Equal(BytesTensorData.Encode(Encoding.UTF8.GetBytes("hi")), inputs[2].Data.ToArray());
        Assert.Equal(strings, inputs[3].Data.ToArray());
    }

    [Fact]
    public void Parse_HeaderLengthEqualsBody_ParsesAllJsonRequest()
    {
        var (body, headerLength) = new BinaryTensorRequest().Json("x", "INT32", [2], "\"data\": [1, 2]").Build();

        var input = Assert.Single(OipJsonRequestReader.Parse(body, headerLength).Request.Inputs);

        Assert.Equal(body.Length, headerLength);
        Assert.Equal(new byte[] { 1, 0, 0, 0, 2, 0, 0, 0 }, input.Data.ToArray());
    }

    [Fact]
    public void Parse_ZeroElementBinaryInput_EmptyData()
    {
        var (body, headerLength) = new BinaryTensorRequest().Binary("x", "FP32", [0, 4], []).Build();

        var input = Assert.Single(OipJsonRequestReader.Parse(body, headerLength).Request.Inputs);

        Assert.Equal([0L, 4L], input.Shape);
        Assert.True(input.Data.IsEmpty);
    }

    [Fact]
    public void Parse_NoBinaryParameters_NoOutputBinary()
    {
        var (body, _) = new BinaryTensorRequest().Json("x", "FP32", [1], "\"data\": [1]").Output("y", binaryData: null).Build();

        var parsed = OipJsonRequestReader.Parse(body, headerLength: null);

        Assert.False(parsed.BinaryOutputs.BinaryDataOutput);
        Assert.False(parsed.BinaryOutputs.IsBinary("y"));
        Assert.Equal(["y"], parsed.Request.Outputs!);
    }

    [Fact]
    public void Parse_BinaryDataOutputTrue_EveryOutputBinary()
    {
        var (body, headerLength) = new BinaryTensorRequest { Parameters = "{\"binary_data_output\": true}" }
            .Binary("x", "FP32", [1], DatatypeSamples.Floats(1))
            .Build();

        var parsed = OipJsonRequestReader.Parse(body, headerLength);

        Assert.True(parsed.BinaryOutputs.BinaryDataOutput);
        Assert.True(parsed.BinaryOutputs.IsBinary("any"));
        Assert.Null(parsed.Request.Outputs);
    }

    [Fact]
    public void Parse_OutputBinaryData_OverridesBinaryDataOutput()
    {
        var (body, _) = new BinaryTensorRequest { Parameters = "{\"binary_data_output\": true, \"priority\": 2}" }
            .Json("x", "FP32", [1], "\"data\": [1]")
            .Output("json", binaryData: false)
            .Output("binary", binaryData: true)
            .Output("default", binaryData: null)
            .Build();

        var parsed = OipJsonRequestReader.Parse(body, headerLength: null);

        Assert.False(parsed.BinaryOutputs.IsBinary("json"));
        Assert.True(parsed.BinaryOutputs.IsBinary("binary"));
        Assert.True(parsed.BinaryOutputs.IsBinary("default"));
        Assert.Equal(["json", "binary", "default"], parsed.Request.Outputs!);
        Assert.Equal(2, parsed.Request.Priority);
    }

    [Fact]
    public void Parse_OutputBinaryDataTrueWithoutBinaryDataOutput_OnlyThatOutputBinary()
    {
        var (body, _) = new BinaryTensorRequest().Json("x", "FP32", [1], "\"data\": [1]").Output("y", binaryData: true).Output("z", binaryData: null).Build();

        var parsed = OipJsonRequestReader.Parse(body, headerLength: null);

        Assert.True(parsed.BinaryOutputs.IsBinary("y"));
        Assert.False(parsed.BinaryOutputs.IsBinary("z"));
    }

    [Fact]
    public void Parse_BinaryDataNotBoolean_InvalidArgumentNamingOutput()
    {
        var body = Encoding.UTF8.GetBytes("{\"inputs\": [], \"outputs\": [{\"name\": \"y\", \"parameters\": {\"binary_data\": 1}}]}");

        AssertInvalid(() => OipJsonRequestReader.Parse(body, headerLength: null), "output 'y' parameter 'binary_data' must be true or false");
    }

    [Fact]
    public void Parse_BinaryDataOutputNotBoolean_InvalidArgument()
    {
        var body = Encoding.UTF8.GetBytes("{\"inputs\": [], \"parameters\": {\"binary_data_output\": \"yes\"}}");

        AssertInvalid(() => OipJsonRequestReader.Parse(body, headerLength: null), "parameter 'binary_data_output' must be true or false");
    }

    [Theory]
    [InlineData("FP32", 12, "input 'x' binary_data_size 12 does not match shape [2,2] of FP32, which needs 16 bytes")]
    [InlineData("FP32", 20, "input 'x' binary_data_size 20 does not match shape [2,2] of FP32, which needs 16 bytes")]
    [InlineData("INT64", 16, "input 'x' binary_data_size 16 does not match shape [2,2] of INT64, which needs 32 bytes")]
    [InlineData("BOOL", 5, "input 'x' binary_data_size 5 does not match shape [2,2] of BOOL, which needs 4 bytes")]
    [InlineData("FP16", 4, "input 'x' binary_data_size 4 does not match shape [2,2] of FP16, which needs 8 bytes")]
    public void Parse_BinaryDataSizeNotMatchingShape_InvalidArgumentNamingInput(string datatype, int size, string message)
    {
        var (body, headerLength) = new BinaryTensorRequest().Binary("x", datatype, [2, 2], new byte[size]).Build();

        AssertInvalid(() => OipJsonRequestReader.Parse(body, headerLength), message);
    }

    [Fact]
    public void Parse_BytesLengthPrefixOverrunsSize_InvalidArgumentNamingInput()
    {
        var data = BytesTensorData.Encode([1, 2, 3]);
        data[0] = 9;
        var (body, headerLength) = new BinaryTensorRequest().Binary("text", "BYTES", [1], data).Build();

        AssertInvalid(() => OipJsonRequestReader.Parse(body, headerLength), "input 'text' BYTES element 0 has length 9, which overruns its binary_data_size 7");
    }

    [Fact]
    public void Parse_BytesTruncatedLengthPrefix_InvalidArgumentNamingInput()
    {
        var data = BytesTensorData.Encode([1]).Concat(new byte[] { 1, 0 }).ToArray();
        var (body, headerLength) = new BinaryTensorRequest().Binary("text", "BYTES", [2], data).Build();

        AssertInvalid(() => OipJsonRequestReader.Parse(body, headerLength), "input 'text' BYTES element 1 has a truncated 4-byte length prefix at offset 5 of its 7 binary bytes");
    }

    [Theory]
    [InlineData(1, "input 'text' has 2 BYTES elements in its 9 binary bytes but its shape needs 1")]
    [InlineData(3, "input 'text' has 2 BYTES elements in its 9 binary bytes but its shape needs 3")]
    public void Parse_BytesElementCountNotMatchingShape_InvalidArgumentNamingInput(long count, string message)
    {
        var data = BytesTensorData.Encode([7], []);
        var (body, headerLength) = new BinaryTensorRequest().Binary("text", "BYTES", [count], data).Build();

        AssertInvalid(() => OipJsonRequestReader.Parse(body, headerLength), message);
    }

    [Fact]
    public void Parse_BinaryDataSizeOverrunsBody_InvalidArgumentNamingInput()
    {
        var (body, headerLength) = new BinaryTensorRequest()
            .Binary("first", "FP32", [2], DatatypeSamples.Floats(1, 2))
            .Binary("second", "FP32", [2], DatatypeSamples.Floats(3, 4))
            .Build();

        AssertInvalid(() => OipJsonRequestReader.Parse(body.AsMemory(0, body.Length - 1), headerLength),
            "input 'second' binary_data_size 8 overruns the binary data: 7 bytes remain after the JSON header and the inputs before it");
    }

    [Fact]
    public void Parse_BytesBinaryDataSizeOverrunsBody_InvalidArgumentNamingInput()
    {
        var (body, headerLength) = new BinaryTensorRequest().Binary("text", "BYTES", [1], BytesTensorData.Encode([1, 2])).Build();

        AssertInvalid(() => OipJsonRequestReader.Parse(body.AsMemory(0, body.Length - 2), headerLength),
            "input 'text' binary_data_size 6 overruns the binary data: 4 bytes remain after the JSON header and the inputs before it");
    }

    [Fact]
    public void Parse_BinaryBytesLeftOver_InvalidArgumentNamingLastBinaryInput()
    {
        var (body, headerLength) = new BinaryTensorRequest()
            .Binary("first", "FP32", [1], DatatypeSamples.Floats(1))
            .Json("json", "FP32", [1], "\"data\": [2]")
            .Trailing([0, 0, 0])
            .Build();

        AssertInvalid(() => OipJsonRequestReader.Parse(body, headerLength),
            "the body has 3 bytes left after input 'first', the last binary input: the binary_data_size values must add up to the bytes after the JSON header");
    }

    [Fact]
    public void Parse_BinarySectionWithoutBinaryInputs_InvalidArgument()
    {
        var (body, headerLength) = new BinaryTensorRequest().Json("x", "FP32", [1], "\"data\": [2]").Trailing([0, 0, 0, 0]).Build();

        AssertInvalid(() => OipJsonRequestReader.Parse(body, headerLength),
            "the body has 4 bytes after the JSON header (Inference-Header-Content-Length) but no input has 'binary_data_size'");
    }

    [Fact]
    public void Parse_DataAndBinaryDataSize_InvalidArgumentNamingInput()
    {
        var (body, headerLength) = new BinaryTensorRequest()
            .Json("x", "FP32", [1], "\"data\": [1], \"parameters\": {\"binary_data_size\": 4}")
            .Trailing(DatatypeSamples.Floats(1))
            .Build();

        AssertInvalid(() => OipJsonRequestReader.Parse(body, headerLength), "input 'x' has both 'data' and 'binary_data_size'; send one of them");
    }

    [Fact]
    public void Parse_BinaryDataSizeWithoutHeader_InvalidArgumentNamingInput()
    {
        var (body, headerLength) = new BinaryTensorRequest().Binary("x", "FP32", [1], DatatypeSamples.Floats(1)).Build();

        AssertInvalid(() => OipJsonRequestReader.Parse(body.AsMemory(0, headerLength), headerLength: null),
            "input 'x' has 'binary_data_size' but the request has no Inference-Header-Content-Length header");
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("\"4\"")]
    [InlineData("4.5")]
    public void Parse_BinaryDataSizeNotNonNegativeInteger_InvalidArgumentNamingInput(string size)
    {
        var (body, headerLength) = new BinaryTensorRequest().Json("x", "FP32", [1], $"\"parameters\": {{\"binary_data_size\": {size}}}").Build();

        AssertInvalid(() => OipJsonRequestReader.Parse(body, headerLength), "input 'x' parameter 'binary_data_size' must be a non-negative integer");
    }

    [Fact]
    public void Parse_HeaderLengthLargerThanBody_InvalidArgument()
    {
        var (body, _) = new BinaryTensorRequest().Binary("x", "FP32", [1], DatatypeSamples.Floats(1)).Build();

        AssertInvalid(() => OipJsonRequestReader.Parse(body, body.Length + 1),
            $"header Inference-Header-Content-Length {body.Length + 1} is larger than the body of {body.Length} bytes");
    }

    [Fact]
    public void Parse_HeaderLengthCutsJson_InvalidArgument()
    {
        var (body, headerLength) = new BinaryTensorRequest().Binary("x", "FP32", [1], DatatypeSamples.Floats(1)).Build();

        var exception = Assert.Throws<InferenceException>(() => OipJsonRequestReader.Parse(body, headerLength - 1));

        Assert.Equal(InferenceErrorKind.InvalidArgument, exception.Kind);
        Assert.StartsWith($"the first {headerLength - 1} bytes of the body (Inference-Header-Content-Length) are not valid JSON", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("-1")]
    [InlineData("+12")]
    [InlineData("1.5")]
    [InlineData(" 12")]
    [InlineData("12,12")]
    [InlineData("")]
    public void ParseHeader_NotNonNegativeInteger_InvalidArgument(string value)
    {
        AssertInvalid(() => InferenceHeaderContentLength.Parse(value), $"header Inference-Header-Content-Length '{value}' is not a non-negative integer");
    }

    [Fact]
    public void ParseHeader_Absent_Null()
    {
        Assert.Null(InferenceHeaderContentLength.Parse(null));
    }

    [Fact]
    public void ParseHeader_Integer_Value()
    {
        Assert.Equal(1234L, InferenceHeaderContentLength.Parse("1234"));
    }

    private static void AssertInvalid(Func<object?> parse, string message)
    {
        var exception = Assert.Throws<InferenceException>(parse);
        Assert.Equal(InferenceErrorKind.InvalidArgument, exception.Kind);
        Assert.Equal(message, exception.Message);
    }
}
