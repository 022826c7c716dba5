using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;

namespace AIaaS.Http.Tests;

/// <summary>Builds Open Inference Protocol JSON requests and reads responses and errors, with exact checks.</summary>
internal static class OipJson
{
    /// <summary>One request input; <paramref name="data"/> is any array (flat or nested) System.Text.Json writes.</summary>
    public static object Input(string name, string datatype, long[] shape, object data) => new { name, datatype, shape, data };

    public static StringContent Body(object request) => Body(JsonSerializer.Serialize(request));

    public static StringContent Body(string json) => new(json, Encoding.UTF8, "application/json");

    /// <summary>A request of the given inputs, optionally with an id and requested outputs.</summary>
    public static StringContent Request(object[] inputs, string? id = null, string[]? outputs = null) => Body(RequestJson(inputs, id, outputs));

    public static string RequestJson(object[] inputs, string? id = null, string[]? outputs = null)
    {
        var request = new Dictionary<string, object>(StringComparer.Ordinal);
        if (id is not null)
        {
            request["id"] = id;
        }

        request["inputs"] = inputs;
        if (outputs is not null)
        {
            request["outputs"] = outputs.Select(o => new { name = o }).ToArray();
        }

        return JsonSerializer.Serialize(request);
    }

    /// <summary>The response's JSON body, after asserting its status.</summary>
    public static async Task<JsonElement> ReadAsync(HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"expected {(int)expected} but got {(int)response.StatusCode}: {Truncate(text)}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    /// <summary>
    /// Asserts a protocol error: the status, a body of exactly one field <c>error</c>, and a
    /// message containing every fragment; returns the message.
    /// </summary>
    public static async Task<string> AssertErrorAsync(HttpResponseMessage response, HttpStatusCode expected, params string[] fragments)
    {
        var body = await ReadAsync(response, expected);
        Assert.Equal(JsonValueKind.Object, body.ValueKind);
        var property = Assert.Single(body.EnumerateObject());
        Assert.Equal("error", property.Name);
        var message = property.Value.GetString();
        Assert.NotNull(message);
        foreach (var fragment in fragments)
        {
            Assert.Contains(fragment, message, StringComparison.Ordinal);
        }

        return message;
    }

    public static JsonElement Output(JsonElement response, string name) =>
        Assert.Single(response.GetProperty("outputs").EnumerateArray(), o => o.GetProperty("name").GetString() == name);

    public static string[] OutputNames(JsonElement response) =>
        response.GetProperty("outputs").EnumerateArray().Select(o => o.GetProperty("name").GetString()!).ToArray();

    public static string[] Strings(JsonElement array) => array.EnumerateArray().Select(e => e.GetString()!).ToArray();

    public static long[] Shape(JsonElement tensor) =>
        tensor.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()).ToArray();

    public static float[] Floats(JsonElement tensor)
    {
        Assert.Equal("FP32", tensor.GetProperty("datatype").GetString());
        return tensor.GetProperty("data").EnumerateArray().Select(v => v.GetSingle()).ToArray();
    }

    /// <summary>A tensor description as <c>name DATATYPE [d0,d1]</c>, so whole signatures compare in one assertion.</summary>
    public static string Describe(JsonElement tensor) => string.Create(CultureInfo.InvariantCulture,
        $"{tensor.GetProperty("name").GetString()} {tensor.GetProperty("datatype").GetString()} [{string.Join(',', Shape(tensor))}]");

    /// <summary>
    /// Asserts two float sequences are equal within <paramref name="tolerance"/> (absolute, or
    /// relative for magnitudes above 1), reporting the first element that differs.
    /// </summary>
    public static void AssertClose(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, double tolerance)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            var bound = tolerance * Math.Max(1.0, Math.Abs(expected[i]));
            if (!(Math.Abs((double)expected[i] - actual[i]) <= bound))
            {
                Assert.Fail(string.Create(CultureInfo.InvariantCulture,
                    $"element {i} of {expected.Length}: expected {expected[i]:R} but got {actual[i]:R} (tolerance {tolerance})"));
            }
        }
    }

    private static string Truncate(string text) => text.Length <= 500 ? text : text[..500] + "...";
}
