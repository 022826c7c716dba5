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
    /// <param name="request">The inputs and the outputs asked for.</param>
    /// <param name="sequence">The session step the request is, if it is one.</param>
    public static OipRequestBody Json(InferenceRequest request, OipSequenceStep? sequence = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Assemble(WriteTensors(request, binary: false), WriteParameters(binary: false, sequence), data: null);
    }

    /// <summary>The binary form: every input's bytes after the header, and every output asked back in binary.</summary>
    /// <param name="request">The inputs and the outputs asked for.</param>
    /// <param name="sequence">The session step the request is, if it is one.</param>
    public static OipRequestBody Binary(InferenceRequest request, OipSequenceStep? sequence = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Assemble(WriteTensors(request, binary: true), WriteParameters(binary: true, sequence), Data(request));
    }

    /// <summary>
    /// The bodies of one session's steps, each the same request: its tensors are encoded once, and
    /// each step writes only its parameters (a JSON body of live audio would otherwise format every
    /// sample again on every step, in the load generator's CPU).
    /// </summary>
    public static Func<long, OipRequestBody> SequenceSteps(InferenceRequest request, string sequenceId, bool binary)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrEmpty(sequenceId);
        var tensors = WriteTensors(request, binary);
        var data = binary ? Data(request) : null;
        return step => Assemble(tensors, WriteParameters(binary, new OipSequenceStep(sequenceId, step)), data);
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

    /// <summary>Header (the tensors' object left open, then the parameters or the closing brace), then the data of a binary body.</summary>
    private static OipRequestBody Assemble(byte[] tensors, byte[]? parameters, byte[]? data)
    {
        var headerLength = tensors.Length + (parameters?.Length ?? 1);
        var content = new byte[headerLength + (data?.Length ?? 0)];
        tensors.CopyTo(content, 0);
        if (parameters is null)
        {
            content[tensors.Length] = (byte)'}';
        }
        else
        {
            parameters.CopyTo(content, tensors.Length);
        }

        data?.CopyTo(content, headerLength);
        return new OipRequestBody(content, data is null ? null : headerLength);
    }

    /// <summary>Every input's bytes in input order: BYTES payloads already hold the extension's layout (a 4-byte length before each element).</summary>
    private static byte[] Data(InferenceRequest request)
    {
        var data = new byte[request.Inputs.Sum(i => i.Data.Length)];
        var offset = 0;
        foreach (var input in request.Inputs)
        {
            input.Data.Span.CopyTo(data.AsSpan(offset));
            offset += input.Data.Length;
        }

        return data;
    }

    /// <summary>The request object's <c>inputs</c> and <c>outputs</c>, without its closing brace.</summary>
    private static byte[] WriteTensors(InferenceRequest request, bool binary)
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

            json.WriteEndObject();
        }

        return buffer.GetBuffer().AsSpan(0, (int)buffer.Length - 1).ToArray();
    }

    /// <summary><c>,"parameters":{...}}</c>, the rest of the header after the tensors; null when there are none.</summary>
    private static byte[]? WriteParameters(bool binary, OipSequenceStep? sequence)
    {
        if (!binary && sequence is null)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartObject("parameters");
            if (binary)
            {
                json.WriteBoolean("binary_data_output", true);
            }

            if (sequence is { } step)
            {
                json.WriteString("sequence_id", step.SequenceId);
                json.WriteBoolean("sequence_start", step.Step == 0);
                json.WriteNumber("sequence_step", step.Step);
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        // Written as an object of its own, so the writer checks it; its opening brace becomes the comma after the tensors.
        var parameters = buffer.ToArray();
        parameters[0] = (byte)',';
        return parameters;
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
