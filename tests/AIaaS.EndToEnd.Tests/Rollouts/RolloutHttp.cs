using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;

namespace AIaaS.EndToEnd.Tests.Rollouts;

/// <summary>
/// The rollout and scaling API over HTTP, read with <see cref="JsonDocument"/> independently of
/// the product's types, so a change of the documents' shape fails a test.
/// </summary>
internal sealed class RolloutHttp(Uri baseAddress) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };

    public async Task<(HttpStatusCode Status, JsonElement Body)> StartAsync(string model, string plan) =>
        await SendAsync(HttpMethod.Post, $"v2/models/{model}/rollout", plan);

    public async Task<(HttpStatusCode Status, JsonElement Body)> GetAsync(string model) =>
        await SendAsync(HttpMethod.Get, $"v2/models/{model}/rollout", null);

    public async Task<(HttpStatusCode Status, JsonElement Body)> ActAsync(string model, string action) =>
        await SendAsync(HttpMethod.Post, $"v2/models/{model}/rollout/{action}", null);

    public async Task<(HttpStatusCode Status, JsonElement Body)> SendAsync(HttpMethod method, string path, string? json)
    {
        using var request = new HttpRequestMessage(method, path);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        using var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        using var document = JsonDocument.Parse(text.Length == 0 ? "null" : text);
        return (response.StatusCode, document.RootElement.Clone());
    }

    /// <summary>Polls the rollout until its state is no longer <c>running</c>; fails after <paramref name="timeout"/> with the last document.</summary>
    public async Task<JsonElement> WaitUntilEndedAsync(string model, TimeSpan timeout, Func<string>? describe = null)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var (status, body) = await GetAsync(model);
            Assert.True(status == HttpStatusCode.OK, $"GET rollout of {model}: {(int)status} {body}");
            if (body.GetProperty("state").GetString() != "running")
            {
                return body;
            }

            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"the rollout of {model} was still running after {timeout.TotalSeconds:0} s: {body}\n{describe?.Invoke()}");
            }

            await Task.Delay(200);
        }
    }

    /// <summary>Polls until <paramref name="condition"/> holds for the rollout document.</summary>
    public async Task<JsonElement> WaitUntilAsync(string model, Func<JsonElement, bool> condition, TimeSpan timeout, string what)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var (status, body) = await GetAsync(model);
            if (status == HttpStatusCode.OK && condition(body))
            {
                return body;
            }

            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"not within {timeout.TotalSeconds:0} s: {what}; last: {(int)status} {body}");
            }

            await Task.Delay(200);
        }
    }

    public void Dispose() => _http.Dispose();
}
