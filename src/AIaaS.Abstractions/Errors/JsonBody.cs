using System.Text.Json;

namespace AIaaS.Errors;

/// <summary>A request body parsed as JSON, or a 400 saying it is not JSON: what every JSON endpoint does first.</summary>
internal static class JsonBody
{
    /// <param name="what">How the message names the body: "the body", "the rollout request".</param>
    /// <exception cref="InferenceException">InvalidArgument: the bytes are not JSON (or nest deeper than <paramref name="maxDepth"/>).</exception>
    public static JsonDocument Parse(ReadOnlyMemory<byte> body, string what = "the body", int maxDepth = 64)
    {
        try
        {
            return JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = maxDepth });
        }
        catch (JsonException ex)
        {
            throw InferenceException.InvalidArgument($"{what} is not valid JSON: {ex.Message}");
        }
    }
}
