using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using AIaaS.Cli.TensorFiles;
using AIaaS.Requests;
using AIaaS.Tensors;

namespace AIaaS.Cli.Remote;

/// <summary>
/// An encoded Open Inference Protocol request body, built once and sent as often as wanted: the
/// JSON form (every element as a JSON value), or Triton's binary tensor extension (a JSON header
/// naming each input's <c>binary_data_size</c>, then the inputs' raw bytes in input order).
/// The one request encoder of the CLI, for <c>aiaas infer</c>, <c>aiaas bench</c> and the bench harness.
/// </summary>
internal sealed class OipRequestBody
{
    public const string JsonContentType = "application/json";
    public const string BinaryContentType = "application/octet-stream";
    public const string HeaderLengthName = "Inference-Header-Content-Length";

    private OipRequestBody(byte[] content, int? headerLength)
    {
        Content = content;
        HeaderLength = headerLength;
    }

    /// <summary>The whole body; never mutated once built.</summary>
    public byte[] Content { get; }

    /// <summary>Length of the JSON header of a binary body (<c>Inference-Header-Content-Length</c>); null for a JSON body.</summary>
    public int? HeaderLength { get; }

    /// <summary>The JSON form: each input's data flat, in row-major order; outputs come back as JSON.</summary>
    public static OipRequestBody Json(InferenceRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new OipRequestBody(WriteHeader(request, binary: false), headerLength: null);
    }

    /// <summary>The binary form: every input's bytes after the header, and every output asked back in binary.</summary>
    public static OipRequestBody Binary(InferenceRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var header = WriteHeader(request, binary: true);
        var content = new byte[header.Length + request.Inputs.Sum(i => i.Data.Length)];
        header.CopyTo(content, 0);
        var offset = header.Length;
        foreach (var input in request.Inputs)
        {
            // BYTES payloads already hold the extension's layout: a 4-byte length before each element.
            input.Data.Span.CopyTo(content.AsSpan(offset));
            offset += input.Data.Length;
        }

        return new OipRequestBody(content, header.Length);
    }

    /// <summary>New content over the same bytes, with the content type and, for a binary body, the header length.</summary>
    public HttpContent CreateContent()
    {
        var content = new ByteArrayContent(Content);
        content.Headers.ContentType = new MediaTypeHeaderValue(HeaderLength is null ? JsonContentType : BinaryContentType);
        if (HeaderLength is { } length)
        {
            content.Headers.Add(HeaderLengthName, length.ToString(CultureInfo.InvariantCulture));
        }

        return content;
    }

    private static byte[] WriteHeader(InferenceRequest request, bool binary)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartArray("inputs");
            foreach (var input in request.Inputs)
            {
                json.WriteStartObject();
                json.WriteString("name", input.Name);
                json.WriteStartArray("shape");
                foreach (var dim in input.Shape)
                {
                    json.WriteNumberValue(dim);
                }

                json.WriteEndArray();
                json.WriteString("datatype", input.DataType.ToProtocolName());
                if (binary)
                {
                    json.WriteStartObject("parameters");
                    json.WriteNumber("binary_data_size", input.Data.Length);
                    json.WriteEndObject();
                }
                else
                {
                    WriteData(json, input);
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
            if (request.Outputs is { Count: > 0 } outputs)
            {
                json.WriteStartArray("outputs");
                foreach (var output in outputs)
                {
                    json.WriteStartObject();
                    json.WriteString("name", output);
                    json.WriteEndObject();
                }

                json.WriteEndArray();
            }

            if (binary)
            {
                json.WriteStartObject("parameters");
                json.WriteBoolean("binary_data_output", true);
                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static void WriteData(Utf8JsonWriter json, TensorPayload input)
    {
        json.WriteStartArray("data");
        foreach (var value in TensorValues.Format(input))
        {
            if (input.DataType == TensorDataType.Bytes || !IsJsonNumberOrBool(value))
            {
                // BYTES elements, and NaN or infinities, which JSON has no number for.
                json.WriteStringValue(value);
            }
            else
            {
                json.WriteRawValue(value, skipInputValidation: true);
            }
        }

        json.WriteEndArray();
    }

    private static bool IsJsonNumberOrBool(string value) =>
        value is "true" or "false" || double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d);
}
