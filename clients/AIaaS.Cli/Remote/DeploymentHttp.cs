using System.Net;
using System.Text;
using System.Text.Json;
using AIaaS.Errors;

namespace AIaaS.Cli.Remote;

/// <summary>
/// The rollout and scaling API of a front silo over HTTP: each call returns the JSON document
/// the server sent. A failure raises <see cref="InferenceException"/> naming the URL and the
/// server's <c>error</c> message, with the kind that fits its status. Every route is an
/// admin's: where keys are required, <paramref name="apiKey"/> must be an admin key.
/// </summary>
internal sealed class DeploymentHttp(Uri baseUrl, string? apiKey) : IDisposable
{
    private readonly HttpClient _http = CreateClient(baseUrl, apiKey);

    public Task<JsonElement> StartRolloutAsync(string model, string plan, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, $"v2/models/{Uri.EscapeDataString(model)}/rollout", plan, cancellationToken);

    public Task<JsonElement> GetRolloutAsync(string model, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, $"v2/models/{Uri.EscapeDataString(model)}/rollout", null, cancellationToken);

    /// <param name="action"><c>promote</c>, <c>pause</c>, <c>resume</c> or <c>abort</c>.</param>
    public Task<JsonElement> ActAsync(string model, string action, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, $"v2/models/{Uri.EscapeDataString(model)}/rollout/{action}", null, cancellationToken);

    public Task<JsonElement> ScaleAsync(string model, int replicas, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, $"admin/models/{Uri.EscapeDataString(model)}/scale", $$"""{"replicas": {{replicas}}}""", cancellationToken);

    public void Dispose() => _http.Dispose();

    private static HttpClient CreateClient(Uri baseUrl, string? apiKey)
    {
        var http = new HttpClient
        {
            BaseAddress = baseUrl.AbsoluteUri.EndsWith('/') ? baseUrl : new Uri(baseUrl.AbsoluteUri + "/"),
            Timeout = TimeSpan.FromSeconds(120),
        };
        if (!string.IsNullOrWhiteSpace(apiKey))
        {
            http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", apiKey.Trim());
        }

        return http;
    }

    private async Task<JsonElement> SendAsync(HttpMethod method, string path, string? json, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        var url = new Uri(_http.BaseAddress!, path);
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            throw InferenceException.Unavailable($"cannot reach {url}: {ex.Message}");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new InferenceException(InferenceErrorKind.DeadlineExceeded, $"{url} did not answer in time");
        }

        using (response)
        {
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                var kind = response.StatusCode switch
                {
                    HttpStatusCode.BadRequest => InferenceErrorKind.InvalidArgument,
                    HttpStatusCode.NotFound => InferenceErrorKind.NotFound,
                    HttpStatusCode.Unauthorized => InferenceErrorKind.Unauthenticated,
                    HttpStatusCode.Forbidden => InferenceErrorKind.PermissionDenied,
                    HttpStatusCode.Conflict => InferenceErrorKind.InvalidArgument,
                    _ => InferenceErrorKind.Unavailable,
                };
                throw new InferenceException(kind, $"{method} {url} answered {(int)response.StatusCode}: {OipErrorBody.Message(body)}");
            }

            try
            {
                using var document = JsonDocument.Parse(body);
                return document.RootElement.Clone();
            }
            catch (JsonException ex)
            {
                throw InferenceException.Unavailable($"{url} answered a body that is not JSON: {ex.Message}");
            }
        }
    }
}
