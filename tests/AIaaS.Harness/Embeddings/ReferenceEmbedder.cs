using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Microsoft.ML.Tokenizers;

namespace AIaaS.Testing.Embeddings;

/// <summary>
/// all-MiniLM-L6-v2 run directly with ONNX Runtime, one text at a time (no padding), pooled in
/// double precision: the in-process reference the served embeddings are compared with.
/// </summary>
public sealed class ReferenceEmbedder : IDisposable
{
    private readonly InferenceSession session = new(EmbeddingRepository.Graph);
    private readonly BertTokenizer tokenizer = BertTokenizer.Create(EmbeddingRepository.Vocabulary);

    /// <summary>The token ids the reference feeds the model: [CLS] text [SEP], cut as the pipeline cuts at <paramref name="maxTokens"/>.</summary>
    public long[] Tokens(string text, int maxTokens = 256)
    {
        var ids = tokenizer.EncodeToIds(text, addSpecialTokens: true);
        if (ids.Count > maxTokens)
        {
            ids = [.. ids.Take(maxTokens - 1), ids[^1]];
        }

        return [.. ids.Select(i => (long)i)];
    }

    public float[] Embed(string text)
    {
        var ids = Tokens(text);
        var length = ids.Length;
        using var results = session.Run(
        [
            NamedOnnxValue.CreateFromTensor("input_ids", new DenseTensor<long>(ids, [1, length])),
            NamedOnnxValue.CreateFromTensor("attention_mask", new DenseTensor<long>(Enumerable.Repeat(1L, length).ToArray(), [1, length])),
            NamedOnnxValue.CreateFromTensor("token_type_ids", new DenseTensor<long>(new long[length], [1, length])),
        ]);
        var hidden = results.First(r => r.Name == "last_hidden_state").AsTensor<float>();
        var width = hidden.Dimensions[2];
        var mean = new double[width];
        for (var t = 0; t < length; t++)
        {
            for (var h = 0; h < width; h++)
            {
                mean[h] += hidden[0, t, h] / (double)length;
            }
        }

        var norm = Math.Sqrt(mean.Sum(v => v * v));
        return [.. mean.Select(v => (float)(v / norm))];
    }

    public void Dispose() => session.Dispose();
}
