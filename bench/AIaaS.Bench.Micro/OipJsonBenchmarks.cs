using System.Buffers;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using AIaaS.Http.Protocol;
using AIaaS.Requests;
using AIaaS.Tensors;
using BenchmarkDotNet.Attributes;

namespace AIaaS.Bench.Micro;

/// <summary>
/// The Open Inference Protocol's JSON form: reading a ppocr-cls request (27,648 floats as JSON
/// numbers, 0.3 MB) and the same request with its tensor in the binary extension, and writing a
/// response of ppocr-cls's size and one as large as the request.
/// </summary>
[MemoryDiagnoser]
public class OipJsonBenchmarks
{
    private byte[] _jsonRequest = [];
    private byte[] _binaryRequest = [];
    private long _binaryHeaderLength;
    private InferenceResponse _smallResponse = null!;
    private InferenceResponse _largeResponse = null!;
    private readonly ArrayBufferWriter<byte> _buffer = new(1 << 20);

    [GlobalSetup]
    public void Setup()
    {
        var image = MicroInputs.Images(1, 42);
        var values = MemoryMarshal.Cast<byte, float>(image.Data.Span).ToArray();
        var json = new StringBuilder("""{"inputs":[{"name":"x","datatype":"FP32","shape":[1,3,48,192],"data":[""");
        json.AppendJoin(',', values.Select(v => v.ToString("R", CultureInfo.InvariantCulture)));
        json.Append("]}]}");
        _jsonRequest = Encoding.UTF8.GetBytes(json.ToString());

        var header = Encoding.UTF8.GetBytes(
            """{"inputs":[{"name":"x","datatype":"FP32","shape":[1,3,48,192],"parameters":{"binary_data_size":"""
            + image.Data.Length.ToString(CultureInfo.InvariantCulture) + "}}]}");
        _binaryHeaderLength = header.Length;
        _binaryRequest = [.. header, .. image.Data.Span];

        _smallResponse = Response(new TensorPayload("y", TensorDataType.Fp32, [1, 2], new byte[2 * sizeof(float)]));
        _largeResponse = Response(image);
    }

    [Benchmark]
    public int ReadJson() => OipJsonRequestReader.Parse(_jsonRequest, headerLength: null).Request.Inputs.Count;

    [Benchmark]
    public int ReadBinary() => OipJsonRequestReader.Parse(_binaryRequest, _binaryHeaderLength).Request.Inputs.Count;

    [Benchmark]
    public int WriteSmall()
    {
        _buffer.ResetWrittenCount();
        OipJsonResponseWriter.Write(_buffer, _smallResponse);
        return _buffer.WrittenCount;
    }

    [Benchmark]
    public int WriteLarge()
    {
        _buffer.ResetWrittenCount();
        OipJsonResponseWriter.Write(_buffer, _largeResponse);
        return _buffer.WrittenCount;
    }

    private static InferenceResponse Response(TensorPayload output) => new() { ModelName = "ppocr-cls", ModelVersion = "1", Outputs = [output] };
}
