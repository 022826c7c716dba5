using System.Globalization;
using System.Text;
using System.Text.Json;
using AIaaS.Errors;

namespace AIaaS.Classification;

/// <summary>
/// Reads a training set from JSON (<c>{"examples": [{"text", "label"}], "labels": {"label":
/// "description"}, "held_out": 0.2}</c>) or CSV (a <c>text,label</c> header, RFC 4180 quoting).
/// Every refusal is a 400 naming the field or line; nothing is allocated past the limits.
/// </summary>
internal static class ClassifierTrainingSetReader
{
    private static readonly string[] Fields = ["examples", "labels", "held_out"];

    public static ClassifierTrainingSet ReadJson(ReadOnlyMemory<byte> body)
    {
        using (var document = JsonBody.Parse(body, maxDepth: 8))
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw InferenceException.InvalidArgument("the body must be a JSON object with 'examples' or 'labels'");
            }

            foreach (var property in root.EnumerateObject())
            {
                if (Array.IndexOf(Fields, property.Name) < 0)
                {
                    throw InferenceException.InvalidArgument($"unknown field '{Truncate(property.Name)}'; the fields are {string.Join(", ", Fields)}");
                }
            }

            var examples = new List<LabelledText>();
            if (root.TryGetProperty("examples", out var list))
            {
                if (list.ValueKind != JsonValueKind.Array)
                {
                    throw InferenceException.InvalidArgument("'examples' must be a list of {\"text\", \"label\"} objects");
                }

                var index = 0;
                foreach (var item in list.EnumerateArray())
                {
                    var where = $"examples[{index}]";
                    CheckCount(index);
                    if (item.ValueKind != JsonValueKind.Object)
                    {
                        throw InferenceException.InvalidArgument($"{where} must be an object with 'text' and 'label'");
                    }

                    CheckLabel(String(item, "label", where), where + ".label");
                    examples.Add(new LabelledText(Text(Property(item, "text", where), where + ".text"), String(item, "label", where)));
                    index++;
                }
            }

            var descriptions = new Dictionary<string, string>(StringComparer.Ordinal);
            if (root.TryGetProperty("labels", out var labels))
            {
                if (labels.ValueKind != JsonValueKind.Object)
                {
                    throw InferenceException.InvalidArgument("'labels' must be an object of label to description");
                }

                foreach (var label in labels.EnumerateObject())
                {
                    var where = $"labels.{Truncate(label.Name)}";
                    if (label.Value.ValueKind != JsonValueKind.String)
                    {
                        throw InferenceException.InvalidArgument($"{where} must be a string describing the label");
                    }

                    CheckLabel(label.Name, "labels");
                    descriptions[label.Name] = Text(label.Value, where);
                    if (descriptions.Count > ClassifierTrainingSet.MaxLabels)
                    {
                        throw TooManyLabels();
                    }
                }
            }

            var heldOut = ClassifierTrainingSet.DefaultHeldOut;
            if (root.TryGetProperty("held_out", out var share))
            {
                heldOut = share.ValueKind == JsonValueKind.Number && share.TryGetDouble(out var value) && value is >= 0 and <= 0.5
                    ? value
                    : throw InferenceException.InvalidArgument($"'held_out' must be a number from 0 to 0.5, not {Truncate(share.GetRawText())}");
            }

            return Checked(new ClassifierTrainingSet { Examples = examples, Descriptions = descriptions, HeldOut = heldOut });
        }
    }

    public static ClassifierTrainingSet ReadCsv(ReadOnlyMemory<byte> body)
    {
        string text;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(body.Span);
        }
        catch (DecoderFallbackException)
        {
            throw InferenceException.InvalidArgument("the CSV is not valid UTF-8");
        }

        var examples = new List<LabelledText>();
        var reader = new CsvReader(text);
        var header = reader.ReadRecord() ?? throw InferenceException.InvalidArgument("the CSV is empty; its first line must be the header 'text,label'");
        var textColumn = header.FindIndex(h => h.Trim().Equals("text", StringComparison.OrdinalIgnoreCase));
        var labelColumn = header.FindIndex(h => h.Trim().Equals("label", StringComparison.OrdinalIgnoreCase));
        if (textColumn < 0 || labelColumn < 0)
        {
            throw InferenceException.InvalidArgument($"the CSV's first line must be a header naming the columns 'text' and 'label', not '{Truncate(string.Join(',', header))}'");
        }

        while (reader.ReadRecord() is { } record)
        {
            var where = string.Create(CultureInfo.InvariantCulture, $"line {reader.Line}");
            if (record is [""])
            {
                continue;
            }

            CheckCount(examples.Count);
            if (record.Count != header.Count)
            {
                throw InferenceException.InvalidArgument($"{where} has {record.Count} fields, not the header's {header.Count} (quote a text that holds a comma)");
            }

            examples.Add(Example(record[textColumn], record[labelColumn].Trim(), where));
        }

        return Checked(new ClassifierTrainingSet { Examples = examples });
    }

    private static ClassifierTrainingSet Checked(ClassifierTrainingSet set)
    {
        var labels = set.Labels();
        if (labels.Length > ClassifierTrainingSet.MaxLabels)
        {
            throw TooManyLabels();
        }

        if (labels.Length < 2)
        {
            throw InferenceException.InvalidArgument(set.IsZeroShot && set.Descriptions.Count == 0
                ? "send labelled 'examples', or 'labels' with a description of each for a zero-shot classifier"
                : $"a classifier needs at least two labels, not {labels.Length}");
        }

        return set;
    }

    private static LabelledText Example(string text, string label, string where)
    {
        CheckLabel(label, where + ".label");
        return new LabelledText(CheckText(text, where + ".text"), label);
    }

    /// <summary>A text as a string, or a 400 naming it when it is empty, too long or not UTF-8.</summary>
    internal static string Text(JsonElement value, string where)
    {
        string text;
        try
        {
            text = value.GetString()!;
        }
        catch (InvalidOperationException)
        {
            // The JSON reader checks structure; a string's bytes are decoded only here.
            throw InferenceException.InvalidArgument($"{where} is not valid UTF-8");
        }

        return CheckText(text, where);
    }

    private static string CheckText(string text, string where)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw InferenceException.InvalidArgument($"{where} is empty: every text needs at least one character");
        }

        var bytes = Encoding.UTF8.GetByteCount(text);
        return bytes <= ClassifierTrainingSet.MaxTextBytes
            ? text
            : throw InferenceException.InvalidArgument(string.Create(CultureInfo.InvariantCulture, $"{where} is {bytes} bytes, more than the {ClassifierTrainingSet.MaxTextBytes} a text may have"));
    }

    private static void CheckLabel(string label, string where)
    {
        if (string.IsNullOrWhiteSpace(label) || label.Length > ClassifierTrainingSet.MaxLabelLength)
        {
            throw InferenceException.InvalidArgument(string.Create(CultureInfo.InvariantCulture, $"{where}: a label must have 1 to {ClassifierTrainingSet.MaxLabelLength} characters"));
        }
    }

    private static void CheckCount(int count)
    {
        if (count >= ClassifierTrainingSet.MaxExamples)
        {
            throw InferenceException.InvalidArgument(string.Create(CultureInfo.InvariantCulture, $"more than {ClassifierTrainingSet.MaxExamples} examples; send at most that many"));
        }
    }

    private static InferenceException TooManyLabels() =>
        InferenceException.InvalidArgument(string.Create(CultureInfo.InvariantCulture, $"more than {ClassifierTrainingSet.MaxLabels} labels; a classifier takes at most that many"));

    private static string String(JsonElement item, string field, string where) =>
        Text(Property(item, field, where), $"{where}.{field}");

    private static JsonElement Property(JsonElement item, string field, string where) =>
        item.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.String
            ? value
            : throw InferenceException.InvalidArgument($"{where}.{field} must be a string");

    private static string Truncate(string text) => text.Length <= 40 ? text : text[..40] + "...";
}
