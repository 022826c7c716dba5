using System.Globalization;
using System.Text.Json;

namespace AIaaS.Http.Tests.Protocol;

/// <summary>
/// Reads a response body back the way tritonclient does: the first
/// <c>Inference-Header-Content-Length</c> bytes are JSON (the whole body without the header), and
/// every output with <c>binary_data_size</c> takes that many bytes after it, in output order.
/// </summary>
internal sealed class BinaryTensorResponse
{
    private BinaryTensorResponse(JsonElement header, IReadOnlyDictionary<string, byte[]> binary)
    {
        Header = header;
        BinaryOutputs = binary;
    }

    public JsonElement Header { get; }

    /// <summary>Each binary output's bytes by output name.</summary>
    public IReadOnlyDictionary<string, byte[]> BinaryOutputs { get; }

    public static BinaryTensorResponse Read(byte[] body, string? headerLength)
    {
        var jsonLength = headerLength is null ? body.Length : int.Parse(headerLength, NumberStyles.None, CultureInfo.InvariantCulture);
        using var document = JsonDocument.Parse(body.AsMemory(0, jsonLength));
        var header = document.RootElement.Clone();
        var binary = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        var offset = jsonLength;
        foreach (var output in header.GetProperty("outputs").EnumerateArray())
        {
            if (output.TryGetProperty("parameters", out var parameters) && parameters.TryGetProperty("binary_data_size", out var size))
            {
                Assert.False(output.TryGetProperty("data", out _), "a binary output must not carry 'data' too");
                var length = size.GetInt32();
                Assert.True(offset + length <= body.Length, $"output binary_data_size {length} overruns the body");
                binary.Add(output.GetProperty("name").GetString()!, body.AsSpan(offset, length).ToArray());
                offset += length;
            }
        }

        Assert.Equal(body.Length, offset);
        return new BinaryTensorResponse(header, binary);
    }

    public JsonElement Output(string name) =>
        Assert.Single(Header.GetProperty("outputs").EnumerateArray(), o => o.GetProperty("name").GetString() == name);
}
