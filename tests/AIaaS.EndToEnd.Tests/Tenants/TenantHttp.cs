using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using AIaaS.Tensors;
using AIaaS.Testing;

namespace AIaaS.EndToEnd.Tests.Tenants;

/// <summary>HTTP calls to a silo as one caller: with a key (Bearer or <c>api-key</c>), or without.</summary>
internal sealed class TenantHttp : IDisposable
{
    private readonly HttpClient _http;

    public TenantHttp(SiloProcess silo, string? key, bool apiKeyHeader = false)
    {
        Silo = silo;
        _http = new HttpClient { BaseAddress = silo.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        if (key is not null)
        {
            if (apiKeyHeader)
            {
                _http.DefaultRequestHeaders.Add("api-key", key);
            }
            else
            {
                _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
            }
        }
    }

    public SiloProcess Silo { get; }

    public async Task<Answer> SendAsync(HttpMethod method, string path, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        using var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return new Answer(response.StatusCode, text, response.Headers.WwwAuthenticate.ToString(), response.Headers.RetryAfter?.Delta);
    }

    public Task<Answer> InferAsync(string model, TensorPayload input) => SendAsync(HttpMethod.Post, $"v2/models/{model}/infer", new
    {
        inputs = new[] { new { name = input.Name, shape = input.Shape, datatype = input.DataType.ToProtocolName(), data = input.ToArray<float>() } },
    });

    /// <summary>Creates a tenant and one key as this (admin) caller; returns the key.</summary>
    public async Task<string> CreateTenantWithKeyAsync(object tenant, string id)
    {
        (await SendAsync(HttpMethod.Post, "admin/tenants", tenant)).Require(HttpStatusCode.Created);
        var key = (await SendAsync(HttpMethod.Post, $"admin/tenants/{id}/keys")).Require(HttpStatusCode.Created);
        return key.Json.GetProperty("key").GetString()!;
    }

    public void Dispose() => _http.Dispose();

    internal sealed record Answer(HttpStatusCode Status, string Text, string WwwAuthenticate, TimeSpan? RetryAfter)
    {
        public JsonElement Json => JsonDocument.Parse(Text).RootElement.Clone();

        public string Error => Json.GetProperty("error").GetString()!;

        public Answer Require(HttpStatusCode status)
        {
            Assert.True(Status == status, $"expected {(int)status}, got {(int)Status}: {Text}");
            return this;
        }
    }

}
