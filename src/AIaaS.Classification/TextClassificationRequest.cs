using System.Text.Json;
using AIaaS.Errors;

namespace AIaaS.Classification;

/// <summary>The body of a classification call, <c>{"text": "..."}</c>, refused with a 400 naming what is wrong.</summary>
internal static class TextClassificationRequest
{
    public static string ReadText(ReadOnlyMemory<byte> body)
    {
        using (var document = JsonBody.Parse(body, maxDepth: 4))
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw InferenceException.InvalidArgument("the body must be {\"text\": \"...\"}");
            }

            foreach (var property in root.EnumerateObject())
            {
                if (property.Name != "text")
                {
                    throw InferenceException.InvalidArgument($"unknown field '{(property.Name.Length <= 40 ? property.Name : property.Name[..40] + "...")}'; the body is {{\"text\": \"...\"}}");
                }
            }

            return root.TryGetProperty("text", out var value) && value.ValueKind == JsonValueKind.String
                ? ClassifierTrainingSetReader.Text(value, "'text'")
                : throw InferenceException.InvalidArgument("'text' is required: the text to classify, as a string");
        }
    }
}
