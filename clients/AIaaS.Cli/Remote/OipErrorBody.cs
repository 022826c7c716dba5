using System.Text;
using System.Text.Json;

namespace AIaaS.Cli.Remote;

/// <summary>The message of an error answer: <c>{"error": "..."}</c> as the server sends it, else the body as text.</summary>
internal static class OipErrorBody
{
    public static string Message(byte[] body)
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
            // Not JSON (a proxy's page, an empty body): the text is the best message there is.
        }

        var text = Encoding.UTF8.GetString(body).Trim();
        return text.Length == 0 ? "the server sent no error message" : text;
    }
}
