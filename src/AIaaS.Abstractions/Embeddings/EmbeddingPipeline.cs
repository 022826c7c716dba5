using System.Text;
using AIaaS.Tensors;

namespace AIaaS.Embeddings;

/// <summary>The catalog's <c>text-embedding</c> pipeline: its name, its tensors, and its outputs read as embeddings.</summary>
public static class EmbeddingPipeline
{
    /// <summary>The pipeline's model name.</summary>
    public const string Name = "text-embedding";

    /// <summary>The input: the texts, UTF-8, BYTES <c>[N]</c>.</summary>
    public const string TextInput = "text";

    /// <summary>FP32 <c>[N, 384]</c>, each row L2-normalised.</summary>
    public const string EmbeddingOutput = "embedding";

    /// <summary>INT64 <c>[N]</c>: tokens the model read per text.</summary>
    public const string TokenCountOutput = "token_count";

    /// <summary>BOOL <c>[N]</c>: the text was cut at the token limit.</summary>
    public const string TruncatedOutput = "truncated";

    /// <summary>The pipeline's input for these texts.</summary>
    public static TensorPayload TextTensor(IReadOnlyList<string> texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var elements = new ReadOnlyMemory<byte>[texts.Count];
        for (var i = 0; i < elements.Length; i++)
        {
            elements[i] = Encoding.UTF8.GetBytes(texts[i] ?? throw new ArgumentException($"text {i} is null", nameof(texts)));
        }

        return TextTensor(elements);
    }

    /// <summary>The pipeline's input for texts already encoded as UTF-8.</summary>
    public static TensorPayload TextTensor(IReadOnlyList<ReadOnlyMemory<byte>> utf8Texts) =>
        BytesTensor.Create(TextInput, [utf8Texts.Count], utf8Texts);

    /// <summary>One embedding per text, in request order.</summary>
    /// <exception cref="FormatException">An output is missing or its shape does not match the others.</exception>
    public static IReadOnlyList<TextEmbedding> Read(IReadOnlyList<TensorPayload> outputs)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        var embedding = Find(outputs, EmbeddingOutput);
        var counts = Find(outputs, TokenCountOutput).ToArray<long>();
        var truncated = Find(outputs, TruncatedOutput).ToArray<bool>();
        var vectors = embedding.ToArray<float>();
        if (embedding.Shape.Length != 2 || embedding.Shape[0] != counts.Length || truncated.Length != counts.Length)
        {
            throw new FormatException($"the embedding outputs disagree: embedding [{string.Join(',', embedding.Shape)}], {counts.Length} token counts, {truncated.Length} truncation flags");
        }

        var width = (int)embedding.Shape[1];
        var result = new TextEmbedding[counts.Length];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = new TextEmbedding(vectors.AsSpan(i * width, width).ToArray(), (int)counts[i], truncated[i]);
        }

        return result;
    }

    private static TensorPayload Find(IReadOnlyList<TensorPayload> outputs, string name) =>
        outputs.FirstOrDefault(o => string.Equals(o.Name, name, StringComparison.Ordinal))
            ?? throw new FormatException($"the embedding pipeline's outputs have no '{name}'");
}
