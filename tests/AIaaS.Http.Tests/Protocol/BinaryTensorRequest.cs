using System.Globalization;
using System.Text;

namespace AIaaS.Http.Tests.Protocol;

/// <summary>
/// Builds a binary tensor request body by hand the way tritonclient's HTTP client does: the
/// JSON header as Python's <c>json.dumps</c> writes it (<c>", "</c> and <c>": "</c> separators),
/// binary inputs with <c>"parameters": {"binary_data_size": N}</c> and no <c>data</c>, then every
/// binary input's bytes concatenated in input order; the header's byte count goes in
/// <c>Inference-Header-Content-Length</c>.
/// </summary>
internal sealed class BinaryTensorRequest
{
    private readonly List<string> _inputs = [];
    private readonly List<string> _outputs = [];
    private readonly List<byte[]> _binary = [];

    public string? Parameters { get; set; }

    /// <summary>An input whose bytes travel after the JSON header.</summary>
    public BinaryTensorRequest Binary(string name, string datatype, long[] shape, byte[] data)
    {
        _inputs.Add(Describe(name, datatype, shape) + string.Create(CultureInfo.InvariantCulture, $", \"parameters\": {{\"binary_data_size\": {data.Length}}}}}"));
        _binary.Add(data);
        return this;
    }

    /// <summary>An input with any raw JSON members after name, shape and datatype (<c>"data": [1, 2]</c>, parameters...).</summary>
    public BinaryTensorRequest Json(string name, string datatype, long[] shape, string members)
    {
        _inputs.Add(Describe(name, datatype, shape) + ", " + members + "}");
        return this;
    }

    /// <summary>Bytes after the last binary input's, to test sizes that do not add up.</summary>
    public BinaryTensorRequest Trailing(byte[] data)
    {
        _binary.Add(data);
        return this;
    }

    /// <summary>A requested output; <paramref name="binaryData"/> null leaves out its parameters.</summary>
    public BinaryTensorRequest Output(string name, bool? binaryData)
    {
        _outputs.Add(binaryData is null
            ? $"{{\"name\": \"{name}\"}}"
            : $"{{\"name\": \"{name}\", \"parameters\": {{\"binary_data\": {(binaryData.Value ? "true" : "false")}}}}}");
        return this;
    }

    public byte[] Header()
    {
        var json = new StringBuilder("{\"inputs\": [").AppendJoin(", ", _inputs).Append(']');
        if (_outputs.Count > 0)
        {
            json.Append(", \"outputs\": [").AppendJoin(", ", _outputs).Append(']');
        }

        if (Parameters is not null)
        {
            json.Append(", \"parameters\": ").Append(Parameters);
        }

        return Encoding.UTF8.GetBytes(json.Append('}').ToString());
    }

    /// <summary>The whole body and the value of <c>Inference-Header-Content-Length</c>.</summary>
    public (byte[] Body, int HeaderLength) Build()
    {
        var header = Header();
        var body = new byte[header.Length + _binary.Sum(b => b.Length)];
        header.CopyTo(body, 0);
        var offset = header.Length;
        foreach (var data in _binary)
        {
            data.CopyTo(body, offset);
            offset += data.Length;
        }

        return (body, header.Length);
    }

    private static string Describe(string name, string datatype, long[] shape) =>
        $"{{\"name\": \"{name}\", \"shape\": [{string.Join(", ", shape)}], \"datatype\": \"{datatype}\"";
}
