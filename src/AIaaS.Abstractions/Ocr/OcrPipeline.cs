using AIaaS.Tensors;

namespace AIaaS.Ocr;

/// <summary>The catalog's <c>ocr</c> pipeline: its name, its tensors, and its outputs read as lines.</summary>
public static class OcrPipeline
{
    /// <summary>The pipeline's model name.</summary>
    public const string Name = "ocr";

    /// <summary>The input: the image file (PNG or JPEG), BYTES <c>[1]</c>.</summary>
    public const string ImageInput = "image";

    public const string TextOutput = "text";

    public const string ConfidenceOutput = "confidence";

    public const string BoxesOutput = "boxes";

    /// <summary>The pipeline's input for one image file.</summary>
    public static TensorPayload ImageTensor(ReadOnlyMemory<byte> file) => BytesTensor.Create(ImageInput, [1], [file]);

    /// <summary>The lines in the pipeline's outputs (<c>text</c>, <c>confidence</c>, <c>boxes</c>), in reading order.</summary>
    /// <exception cref="FormatException">An output is missing or its shape does not match the others.</exception>
    public static IReadOnlyList<OcrLine> ReadLines(IReadOnlyList<TensorPayload> outputs)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        var texts = BytesTensor.ReadStrings(Find(outputs, TextOutput));
        var confidences = Find(outputs, ConfidenceOutput).ToArray<float>();
        var boxes = Find(outputs, BoxesOutput).ToArray<float>();
        if (confidences.Length != texts.Length || boxes.Length != texts.Length * 8)
        {
            throw new FormatException($"the ocr outputs disagree: {texts.Length} texts, {confidences.Length} confidences, {boxes.Length / 8} boxes");
        }

        var lines = new OcrLine[texts.Length];
        for (var i = 0; i < lines.Length; i++)
        {
            var box = new float[4][];
            for (var c = 0; c < 4; c++)
            {
                box[c] = [boxes[(i * 8) + (c * 2)], boxes[(i * 8) + (c * 2) + 1]];
            }

            lines[i] = new OcrLine(texts[i], confidences[i], box);
        }

        return lines;
    }

    private static TensorPayload Find(IReadOnlyList<TensorPayload> outputs, string name) =>
        outputs.FirstOrDefault(o => string.Equals(o.Name, name, StringComparison.Ordinal))
            ?? throw new FormatException($"the ocr pipeline's outputs have no '{name}'");
}
