using System.Buffers;
using System.Text;
using System.Text.Json;
using AIaaS.Errors;
using AIaaS.Http.Protocol;
using AIaaS.Requests;
using AIaaS.Tensors;

namespace AIaaS.Http.Tests.Protocol;

/// <summary>
/// Requests probed as an attacker would: a request never makes the reader allocate more than it
/// sent, overflowing shapes are 400s, and non-finite numbers are written and read back as valid JSON.
/// </summary>
public sealed class OipJsonLimitsTests
{
    [Theory]
    [InlineData("FP32", 536870000L)]
    [InlineData("FP32", 536870911L)]
    [InlineData("UINT8", 2147483647L)]
    [InlineData("FP64", 2147483647L)]
    [InlineData("BYTES", 100000000L)]
    public void Read_HugeShapeTinyData_InvalidArgumentWithoutAllocatingTheShape(string datatype, long elements)
    {
        var body = Body($$"""{"inputs":[{"name":"x","shape":[{{elements}}],"datatype":"{{datatype}}","data":[1]}]}""");
        Assert.Throws<InferenceException>(() => Read(body)); // the JIT and the first document out of the way

        var before = GC.GetAllocatedBytesForCurrentThread();
        var ex = Assert.Throws<InferenceException>(() => OipJsonRequestReader.Read(body));
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(InferenceErrorKind.InvalidArgument, ex.Kind);
        Assert.Contains("input 'x'", ex.Message, StringComparison.Ordinal);
        Assert.True(allocated < 64 * 1024, $"parsing {body.Length} bytes allocated {allocated} bytes");
    }

    [Theory]
    [InlineData("[2, 4611686018427387904]")]
    [InlineData("[4611686018427387904, 4611686018427387904]")]
    [InlineData("[9223372036854775807]")]
    public void Read_ShapeWhoseProductOverflows_InvalidArgumentNamingShape(string shape)
    {
        var ex = Assert.Throws<InferenceException>(() => Read(Body($$"""{"inputs":[{"name":"x","shape":{{shape}},"datatype":"FP32","data":[1]}]}""")));

        Assert.Equal(InferenceErrorKind.InvalidArgument, ex.Kind);
        Assert.Contains("too large", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_ZeroDimensionAfterHugeOne_EmptyTensor()
    {
        var request = Read(Body("""{"inputs":[{"name":"x","shape":[9223372036854775807, 0],"datatype":"FP32","data":[]}]}"""));

        Assert.Equal(0, request.Inputs[0].Data.Length);
    }

    [Theory]
    [InlineData("FP32", "1e999")]
    [InlineData("FP32", "1e39")]
    [InlineData("FP32", "-1e39")]
    [InlineData("FP64", "1e999")]
    [InlineData("FP16", "70000")]
    public void Read_NumberBeyondTheTypesRange_InvalidArgumentNamingElement(string datatype, string number)
    {
        var ex = Assert.Throws<InferenceException>(() => Read(Body($$"""{"inputs":[{"name":"x","shape":[2],"datatype":"{{datatype}}","data":[0.5, {{number}}]}]}""")));

        Assert.Equal(InferenceErrorKind.InvalidArgument, ex.Kind);
        Assert.Contains("input 'x' data element 1", ex.Message, StringComparison.Ordinal);
        Assert.Contains("out of range", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_NamedNonFiniteStrings_ReadAsTheValues()
    {
        var request = Read(Body("""{"inputs":[{"name":"x","shape":[3],"datatype":"FP32","data":["NaN","Infinity","-Infinity"]},{"name":"y","shape":[1],"datatype":"FP64","data":["NaN"]}]}"""));

        Assert.Equal(DatatypeSamples.Floats(float.NaN, float.PositiveInfinity, float.NegativeInfinity), request.Inputs[0].Data.ToArray());
        Assert.True(double.IsNaN(BitConverter.ToDouble(request.Inputs[1].Data.Span)));
    }

    [Fact]
    public void Read_OtherStringForFloat_InvalidArgument()
    {
        var ex = Assert.Throws<InferenceException>(() => Read(Body("""{"inputs":[{"name":"x","shape":[1],"datatype":"FP32","data":["nan"]}]}""")));

        Assert.Contains("data element 0", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_NonFiniteOutputs_StrictJsonThatReadsBack()
    {
        var output = new TensorPayload("y", TensorDataType.Fp32, [4], DatatypeSamples.Floats(1.5f, float.NaN, float.PositiveInfinity, float.NegativeInfinity));
        var buffer = new ArrayBufferWriter<byte>();

        OipJsonResponseWriter.Write(buffer, new InferenceResponse { ModelName = "m", ModelVersion = "1", Outputs = [output] });

        // JsonDocument is a strict parser: bare NaN tokens would throw here.
        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        var data = document.RootElement.GetProperty("outputs")[0].GetProperty("data");
        Assert.Equal("[1.5,\"NaN\",\"Infinity\",\"-Infinity\"]", data.GetRawText());
        var back = Read(Body($$"""{"inputs":[{"name":"y","shape":[4],"datatype":"FP32","data":{{data.GetRawText()}}}]}"""));
        Assert.Equal(output.Data.ToArray(), back.Inputs[0].Data.ToArray());
    }

    private static InferenceRequest Read(byte[] body) => OipJsonRequestReader.Read(body);

    private static byte[] Body(string json) => Encoding.UTF8.GetBytes(json);
}
