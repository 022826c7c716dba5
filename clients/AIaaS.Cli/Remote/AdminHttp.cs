using System.Net;
using System.Text.Json;
using AIaaS.Errors;

namespace AIaaS.Cli.Remote;

/// <summary>
/// The admin API of a front silo over HTTP. A failure raises <see cref="InferenceException"/>
/// with a message that names the URL: unreachable, no answer in time, an error status (with the
/// server's <c>error</c> message), or a body that is not what the endpoint answers.
/// </summary>
internal static class AdminHttp
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    // A missing or null field is an error, not a null in a non-nullable property.
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
    };

    /// <summary><c>GET {url}/admin/cluster</c>: the parsed view and the document exactly as the server sent it.</summary>
    public static async Task<(ClusterView View, string Document)> GetClusterAsync(Uri baseUrl, CancellationToken cancellationToken, string? apiKey = null)
    {
        var (url, body) = await SendAsync(baseUrl, HttpMethod.Get, "admin/cluster", cancellationToken, apiKey).ConfigureAwait(false);
        return (Parse(body, url), body);
    }

    /// <summary>Sends <paramref name="method"/> to <c>{url}/{path}</c> and returns the URL and the body of a success.</summary>
    public static async Task<(Uri Url, string Body)> SendAsync(Uri baseUrl, HttpMethod method, string path, CancellationToken cancellationToken, string? apiKey = null)
    {
        var url = new Uri(baseUrl.AbsoluteUri.EndsWith('/') ? baseUrl : new Uri(baseUrl.AbsoluteUri + "/"), path);
        using var http = new HttpClient { Timeout = Timeout };
        if (!string.IsNullOrWhiteSpace(apiKey))
        {
            http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", apiKey.Trim());
        }

        HttpResponseMessage response;
        try
        {
            using var request = new HttpRequestMessage(method, url);
            response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            throw InferenceException.Unavailable($"cannot reach {url}: {ex.Message}");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new InferenceException(InferenceErrorKind.DeadlineExceeded, $"{url} did not answer within {Timeout.TotalSeconds:0} s");
        }

        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.NotFound && !body.Contains("\"error\"", StringComparison.Ordinal))
            {
                throw InferenceException.NotFound($"{url} answered 404: only front and all-in-one silos serve the admin API (is this a worker silo?)");
            }

            if (!response.IsSuccessStatusCode)
            {
                var kind = response.StatusCode == HttpStatusCode.NotFound ? InferenceErrorKind.NotFound : InferenceErrorKind.Unavailable;
                throw new InferenceException(kind, $"{url} answered {(int)response.StatusCode}: {OipErrorBody.Message(System.Text.Encoding.UTF8.GetBytes(body))}");
            }

            return (url, body);
        }
    }

    private static ClusterView Parse(string body, Uri url)
    {
        try
        {
            return JsonSerializer.Deserialize<ClusterView>(body, Json) ?? throw new JsonException("the body is null");
        }
        catch (JsonException ex)
        {
            throw new InferenceException(InferenceErrorKind.Internal, $"{url} answered a body that is not a cluster view: {ex.Message}");
        }
    }
}
