using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AIaaS.Errors;

namespace AIaaS.Cli.Remote;

/// <summary>
/// The tenant, key and usage admin API of a front over HTTP, with an API key. A failure raises
/// <see cref="InferenceException"/> naming the URL and the server's <c>error</c>.
/// </summary>
internal sealed class AdminApi(Uri baseUrl, string? apiKey) : IDisposable
{
    private readonly HttpClient _http = Create(baseUrl, apiKey);

    /// <summary>Sends a request; returns the body text of a 2xx answer.</summary>
    public Task<string> SendAsync(HttpMethod method, string path, JsonNode? body, CancellationToken cancellationToken) =>
        SendContentAsync(method, path, body is null ? null : new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"), cancellationToken);

    /// <summary>Sends <paramref name="content"/> as it is (a CSV file, say); returns the body text of a 2xx answer.</summary>
    public async Task<string> SendContentAsync(HttpMethod method, string path, HttpContent? content, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };

        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            throw InferenceException.Unavailable($"cannot reach {_http.BaseAddress}: {ex.Message}");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new InferenceException(InferenceErrorKind.DeadlineExceeded, $"{_http.BaseAddress} did not answer within {_http.Timeout.TotalSeconds:0} s");
        }

        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                var kind = response.StatusCode switch
                {
                    HttpStatusCode.Unauthorized => InferenceErrorKind.Unauthenticated,
                    HttpStatusCode.Forbidden => InferenceErrorKind.PermissionDenied,
                    HttpStatusCode.NotFound => InferenceErrorKind.NotFound,
                    HttpStatusCode.BadRequest => InferenceErrorKind.InvalidArgument,
                    HttpStatusCode.Conflict => InferenceErrorKind.Conflict,
                    _ => InferenceErrorKind.Unavailable,
                };
                throw new InferenceException(kind, $"{method} {new Uri(_http.BaseAddress!, path)} answered {(int)response.StatusCode}: {OipErrorBody.Message(Encoding.UTF8.GetBytes(text))}");
            }

            return text;
        }
    }

    public async Task<JsonElement> SendJsonAsync(HttpMethod method, string path, JsonNode? body, CancellationToken cancellationToken)
    {
        var text = await SendAsync(method, path, body, cancellationToken).ConfigureAwait(false);
        if (text.Length == 0)
        {
            return default;
        }

        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    public void Dispose() => _http.Dispose();

    private static HttpClient Create(Uri baseUrl, string? apiKey)
    {
        var http = new HttpClient
        {
            BaseAddress = baseUrl.AbsoluteUri.EndsWith('/') ? baseUrl : new Uri(baseUrl.AbsoluteUri + "/"),
            Timeout = TimeSpan.FromSeconds(30),
        };
        if (!string.IsNullOrWhiteSpace(apiKey))
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey.Trim());
        }

        return http;
    }
}
