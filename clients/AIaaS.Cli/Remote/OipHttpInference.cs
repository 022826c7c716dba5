using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using AIaaS.Cli.TensorFiles;
using AIaaS.Errors;
using AIaaS.Inference;
using AIaaS.Tensors;

namespace AIaaS.Cli.Remote;

/// <summary>
/// Inference over the Open Inference Protocol's JSON form: posts to
/// <c>{url}/v2/models/{model}[/versions/{v}]/infer</c> and reads the outputs back into tensors.
/// A failure raises <see cref="InferenceException"/> carrying the server's <c>error</c> message.
/// </summary>
internal static class OipHttpInference
{
    public static async Task<InferenceResponse> InferAsync(
        Uri baseUrl, string model, string? version, InferenceRequest request, CancellationToken cancellationToken)
    {
        var path = version is null
            ? $"v2/models/{Uri.EscapeDataString(model)}/infer"
            : $"v2/models/{Uri.EscapeDataString(model)}/versions/{Uri.EscapeDataString(version)}/infer";
        var url = new Uri(baseUrl.AbsoluteUri.EndsWith('/') ? baseUrl : new Uri(baseUrl.AbsoluteUri + "/"), path);

        using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(5) };
        using var content = new ByteArrayContent(WriteRequest(request));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        HttpResponseMessage response;
        try
        {
            response = await http.PostAsync(url, content, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            throw new InferenceException(InferenceErrorKind.Unavailable, $"cannot reach {url}: {ex.Message}");
        }

        using (response)
        {
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw new InferenceException(KindOf(response.StatusCode), $"{ErrorMessage(body).TrimEnd()} (HTTP {(int)response.StatusCode})");
            }

            return ReadResponse(body, url);
        }
    }

    /// <summary>The request body: each input's data flat, in row-major order.</summary>
    internal static byte[] WriteRequest(InferenceRequest request)
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

        return buffer.ToArray();
    }

    private static InferenceResponse ReadResponse(byte[] body, Uri url)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            var outputs = new List<TensorPayload>();
            foreach (var output in root.GetProperty("outputs").EnumerateArray())
            {
                var name = output.GetProperty("name").GetString() ?? "";
                var typeName = output.GetProperty("datatype").GetString() ?? "";
                if (!TensorDataTypes.TryParse(typeName, out var type))
                {
                    throw new InferenceException(InferenceErrorKind.Internal, $"{url} answered output '{name}' with unknown datatype '{typeName}'");
                }

                var shape = output.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()).ToArray();
                outputs.Add(JsonTensorReader.FromElements(name, type.Value, shape, output.GetProperty("data"), url.ToString()));
            }

            return new InferenceResponse
            {
                ModelName = root.TryGetProperty("model_name", out var m) ? m.GetString() ?? "" : "",
                ModelVersion = root.TryGetProperty("model_version", out var v) ? v.GetString() ?? "" : "",
                Id = root.TryGetProperty("id", out var id) ? id.GetString() : null,
                Outputs = outputs,
            };
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or TensorFileException)
        {
            throw new InferenceException(InferenceErrorKind.Internal, $"{url} answered a body that is not an inference response: {ex.Message}");
        }
    }

    private static string ErrorMessage(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("error", out var error)
                && error.ValueKind == JsonValueKind.String)
            {
                return error.GetString()!;
            }
        }
        catch (JsonException)
        {
        }

        var text = System.Text.Encoding.UTF8.GetString(body).Trim();
        return text.Length == 0 ? "the server sent no error message" : text;
    }

    private static bool IsJsonNumberOrBool(string value) =>
        value is "true" or "false" || double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d);

    private static InferenceErrorKind KindOf(HttpStatusCode status) => status switch
    {
        HttpStatusCode.BadRequest or HttpStatusCode.RequestEntityTooLarge => InferenceErrorKind.InvalidArgument,
        HttpStatusCode.Unauthorized => InferenceErrorKind.Unauthenticated,
        HttpStatusCode.Forbidden => InferenceErrorKind.PermissionDenied,
        HttpStatusCode.NotFound => InferenceErrorKind.NotFound,
        HttpStatusCode.TooManyRequests => InferenceErrorKind.ResourceExhausted,
        HttpStatusCode.ServiceUnavailable => InferenceErrorKind.Unavailable,
        HttpStatusCode.GatewayTimeout => InferenceErrorKind.DeadlineExceeded,
        _ => InferenceErrorKind.Internal,
    };
}
