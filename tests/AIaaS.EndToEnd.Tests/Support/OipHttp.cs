using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AIaaS.Tensors;
using AIaaS.Testing;

namespace AIaaS.EndToEnd.Tests;

/// <summary>
/// Open Inference Protocol calls over HTTP JSON, written independently of the product's codec.
/// Unexpected statuses fail with the response body and the silo's output.
/// </summary>
internal sealed class OipHttp(SiloProcess silo) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = silo.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };

    public SiloProcess Silo => silo;

    /// <summary>POSTs an inference request; returns the status and the parsed body.</summary>
    public async Task<(HttpStatusCode Status, JsonElement Body)> InferAsync(string model, params TensorPayload[] inputs)
    {
        var request = new
        {
            inputs = inputs.Select(t => new
            {
                name = t.Name,
                shape = t.Shape,
                datatype = t.DataType.ToProtocolName(),
                data = Data(t),
            }),
        };
        using var response = await _http.PostAsJsonAsync($"v2/models/{model}/infer", request);
        return (response.StatusCode, await ReadBodyAsync(response));
    }

    /// <summary>Infers and requires 200; returns each output's name with its FP32 values.</summary>
    public async Task<Dictionary<string, float[]>> InferFloatsAsync(string model, params TensorPayload[] inputs)
    {
        var (status, body) = await InferAsync(model, inputs);
        Assert.True(status == HttpStatusCode.OK, $"POST infer {model}: {(int)status} {body}\n{silo.Describe()}");
        return body.GetProperty("outputs").EnumerateArray().ToDictionary(
            o => o.GetProperty("name").GetString()!,
            o => o.GetProperty("data").EnumerateArray().Select(v => v.GetSingle()).ToArray());
    }

    public async Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(string path)
    {
        using var response = await _http.PostAsync(path, content: null);
        return (response.StatusCode, await ReadBodyAsync(response));
    }

    /// <summary>GETs and requires 200; returns the parsed body.</summary>
    public async Task<JsonElement> GetOkAsync(string path)
    {
        using var response = await _http.GetAsync(path);
        var body = await ReadBodyAsync(response);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode} {body}\n{silo.Describe()}");
        return body;
    }

    /// <summary>GETs and requires 200; returns the body as text.</summary>
    public async Task<string> GetTextAsync(string path)
    {
        using var response = await _http.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode} {text}\n{silo.Describe()}");
        return text;
    }

    /// <summary>POSTs and requires 200.</summary>
    public async Task<JsonElement> PostOkAsync(string path)
    {
        var (status, body) = await PostAsync(path);
        Assert.True(status == HttpStatusCode.OK, $"POST {path}: {(int)status} {body}\n{silo.Describe()}");
        return body;
    }

    /// <summary>The repository index as <c>name -> (state, reason)</c> (one version per model here).</summary>
    public async Task<Dictionary<string, (string State, string? Reason)>> IndexAsync()
    {
        var body = await PostOkAsync("v2/repository/index");
        return body.EnumerateArray().ToDictionary(
            e => e.GetProperty("name").GetString()!,
            e => (e.GetProperty("state").GetString()!, e.GetProperty("reason").ValueKind == JsonValueKind.String ? e.GetProperty("reason").GetString() : null));
    }

    public void Dispose() => _http.Dispose();

    private static object Data(TensorPayload tensor) => tensor.DataType switch
    {
        TensorDataType.Fp32 => tensor.ToArray<float>(),
        TensorDataType.Int64 => tensor.ToArray<long>(),
        _ => throw new NotSupportedException(tensor.DataType.ToString()),
    };

    private static async Task<JsonElement> ReadBodyAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        if (text.Length == 0)
        {
            return default;
        }

        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }
}
