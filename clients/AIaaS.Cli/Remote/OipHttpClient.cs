using System.Buffers;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using AIaaS.Cli.TensorFiles;
using AIaaS.Errors;
using AIaaS.Requests;
using AIaaS.Ocr;
using AIaaS.Tabular;
using AIaaS.Tensors;

namespace AIaaS.Cli.Remote;

/// <summary>
/// A front silo over the Open Inference Protocol: model metadata, inference (JSON or binary bodies
/// from <see cref="OipRequestBody"/>) and Triton's statistics extension. A failure raises
/// <see cref="InferenceException"/> carrying the server's <c>error</c> message and HTTP status.
/// </summary>
internal sealed class OipHttpClient : IDisposable
{
    public const string DefaultUrl = "http://127.0.0.1:8000";

    private readonly HttpClient _http;

    public OipHttpClient(Uri baseUrl)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        BaseUrl = baseUrl.AbsoluteUri.EndsWith('/') ? baseUrl : new Uri(baseUrl.AbsoluteUri + "/");
        _http = new HttpClient { Timeout = TimeSpan.FromMinutes(5) };
    }

    /// <summary>The base URL, ending with <c>/</c>.</summary>
    public Uri BaseUrl { get; }

    /// <summary>An absolute http:// or https:// URL, as <c>--url</c> takes it.</summary>
    public static bool TryParseBaseUrl(string text, out Uri url)
    {
        if (Uri.TryCreate(text, UriKind.Absolute, out var parsed) && parsed.Scheme is "http" or "https")
        {
            url = parsed;
            return true;
        }

        url = null!;
        return false;
    }

    /// <summary><c>{url}/v2/models/{model}[/versions/{version}]{suffix}</c>.</summary>
    public Uri ModelUri(string model, string? version, string suffix = "")
    {
        var path = version is null
            ? $"v2/models/{Uri.EscapeDataString(model)}{suffix}"
            : $"v2/models/{Uri.EscapeDataString(model)}/versions/{Uri.EscapeDataString(version)}{suffix}";
        return new Uri(BaseUrl, path);
    }

    /// <summary>The inputs the model's metadata declares (-1 marks a dimension of any size).</summary>
    public async Task<IReadOnlyList<TensorSpec>> GetInputsAsync(string model, string? version, CancellationToken cancellationToken)
    {
        var url = ModelUri(model, version);
        var body = await GetOkAsync(url, cancellationToken).ConfigureAwait(false);
        try
        {
            using var document = JsonDocument.Parse(body);
            var inputs = new List<TensorSpec>();
            foreach (var input in document.RootElement.GetProperty("inputs").EnumerateArray())
            {
                var name = input.GetProperty("name").GetString() ?? "";
                var typeName = input.GetProperty("datatype").GetString() ?? "";
                if (!TensorDataTypes.TryParse(typeName, out var type))
                {
                    throw new InferenceException(InferenceErrorKind.Internal, $"{url} declares input '{name}' with unknown datatype '{typeName}'");
                }

                inputs.Add(new TensorSpec(name, type.Value, input.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()).ToArray()));
            }

            return inputs;
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new InferenceException(InferenceErrorKind.Internal, $"{url} answered a body that is not model metadata: {ex.Message}");
        }
    }

    /// <summary>Runs the model once on a JSON body and reads the outputs back into tensors.</summary>
    public async Task<InferenceResponse> InferAsync(string model, string? version, InferenceRequest request, CancellationToken cancellationToken)
    {
        var url = ModelUri(model, version, "/infer");
        using var response = await PostAsync(url, OipRequestBody.Json(request), HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        return ReadResponse(body, url);
    }

    /// <summary><c>POST /v1/ocr</c> with the image file as the body: the lines of the <c>ocr</c> pipeline, in reading order.</summary>
    public async Task<IReadOnlyList<OcrLine>> OcrAsync(byte[] image, CancellationToken cancellationToken)
    {
        var url = new Uri(BaseUrl, "v1/ocr");
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(image) };
        using var response = await SendOkAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var document = JsonDocument.Parse(body);
            return [.. document.RootElement.GetProperty("lines").EnumerateArray().Select(line => new OcrLine(
                line.GetProperty("text").GetString() ?? "",
                line.GetProperty("confidence").GetSingle(),
                [.. line.GetProperty("box").EnumerateArray().Select(p => new[] { p[0].GetSingle(), p[1].GetSingle() })]))];
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new InferenceException(InferenceErrorKind.Internal, $"{url} answered a body that is not OCR lines: {ex.Message}");
        }
    }

    /// <summary><c>POST /v1/models/{model}/predict</c> with a KServe V1 body as the caller wrote it: the server checks the rows.</summary>
    public async Task<IReadOnlyList<TabularPrediction>> PredictAsync(string model, byte[] body, CancellationToken cancellationToken)
    {
        var url = new Uri(BaseUrl, $"v1/models/{Uri.EscapeDataString(model)}/predict");
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await SendOkAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        var answer = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var document = JsonDocument.Parse(answer);
            return [.. document.RootElement.GetProperty("predictions").EnumerateArray().Select(p => new TabularPrediction(
                p.GetProperty("label").GetString() ?? "",
                p.GetProperty("probabilities").EnumerateObject().ToDictionary(c => c.Name, c => c.Value.GetSingle(), StringComparer.Ordinal)))];
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new InferenceException(InferenceErrorKind.Internal, $"{url} answered a body that is not predictions: {ex.Message}");
        }
    }

    /// <summary>
    /// A call that posts <paramref name="body"/> to <paramref name="url"/> and reads the whole answer
    /// into a pooled buffer, discarding it; the body is encoded once, by the caller, for every call.
    /// </summary>
    public Func<CancellationToken, Task> CreateCall(Uri url, OipRequestBody body)
    {
        ArgumentNullException.ThrowIfNull(url);
        ArgumentNullException.ThrowIfNull(body);
        return async cancellationToken =>
        {
            using var response = await PostAsync(url, body, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
                try
                {
                    while (await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false) > 0)
                    {
                    }
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                }
            }
        };
    }

    /// <summary>
    /// Triton's statistics of the model (every version, or one), <c>GET .../stats</c>. A server
    /// without the extension answers 404, which raises <see cref="InferenceException"/> like any failure.
    /// </summary>
    public async Task<StatisticsTotals> GetStatisticsAsync(string model, string? version, CancellationToken cancellationToken)
    {
        var url = ModelUri(model, version, "/stats");
        var body = await GetOkAsync(url, cancellationToken).ConfigureAwait(false);
        try
        {
            using var document = JsonDocument.Parse(body);
            return StatisticsTotals.Parse(document.RootElement);
        }
        catch (Exception ex) when (ex is JsonException or FormatException)
        {
            throw new InferenceException(InferenceErrorKind.Internal, $"{url} answered a body that is not model statistics: {ex.Message}");
        }
    }

    public void Dispose() => _http.Dispose();

    private async Task<HttpResponseMessage> PostAsync(Uri url, OipRequestBody body, HttpCompletionOption completion, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = body.CreateContent() };
        return await SendOkAsync(request, completion, cancellationToken).ConfigureAwait(false);
    }

    private async Task<byte[]> GetOkAsync(Uri url, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        using var response = await SendOkAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        return await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sends; a failure to connect or a non-success status raises <see cref="InferenceException"/>.</summary>
    private async Task<HttpResponseMessage> SendOkAsync(HttpRequestMessage request, HttpCompletionOption completion, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, completion, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            throw new InferenceException(InferenceErrorKind.Unavailable, $"cannot reach {request.RequestUri}: {ex.Message}");
        }

        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            throw new InferenceException(KindOf(response.StatusCode), $"{OipErrorBody.Message(body).TrimEnd()} (HTTP {(int)response.StatusCode})");
        }
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

    private static InferenceErrorKind KindOf(HttpStatusCode status) => status switch
    {
        HttpStatusCode.BadRequest or HttpStatusCode.RequestEntityTooLarge => InferenceErrorKind.InvalidArgument,
        HttpStatusCode.Unauthorized => InferenceErrorKind.Unauthenticated,
        HttpStatusCode.Forbidden => InferenceErrorKind.PermissionDenied,
        HttpStatusCode.NotFound => InferenceErrorKind.NotFound,
        HttpStatusCode.TooManyRequests => InferenceErrorKind.ResourceExhausted,
        HttpStatusCode.ServiceUnavailable => InferenceErrorKind.Unavailable,
        HttpStatusCode.GatewayTimeout => InferenceErrorKind.DeadlineExceeded,
        HttpStatusCode.Conflict => InferenceErrorKind.Conflict,
        _ => InferenceErrorKind.Internal,
    };
}
