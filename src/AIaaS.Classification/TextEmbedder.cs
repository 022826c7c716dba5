using AIaaS.Embeddings;
using AIaaS.Errors;
using AIaaS.Grains.Tenants;
using AIaaS.Requests;
using AIaaS.Routing;

namespace AIaaS.Classification;

/// <summary>
/// Embeds texts through an embedding pipeline like any caller of it: routed, batched with other
/// requests, metered to the tenant. Many texts go as a few requests at a time of
/// <see cref="TextsPerRequest"/>, so a large training set neither fills one request nor floods
/// the pipeline's queue.
/// </summary>
internal sealed class TextEmbedder(ModelRouter router)
{
    public const int TextsPerRequest = 32;
    private const int RequestsInFlight = 4;

    /// <summary>One unit vector per text, in order.</summary>
    public async Task<float[][]> EmbedAsync(string pipeline, IReadOnlyList<string> texts, TenantPolicy policy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var vectors = new float[texts.Count][];
        var chunks = Enumerable.Range(0, (texts.Count + TextsPerRequest - 1) / TextsPerRequest);
        await Parallel.ForEachAsync(chunks, new ParallelOptions { MaxDegreeOfParallelism = RequestsInFlight, CancellationToken = cancellationToken }, async (chunk, ct) =>
        {
            var start = chunk * TextsPerRequest;
            var count = Math.Min(TextsPerRequest, texts.Count - start);
            var slice = new string[count];
            for (var i = 0; i < count; i++)
            {
                slice[i] = texts[start + i];
            }

            var request = new InferenceRequest { Inputs = [EmbeddingPipeline.TextTensor(slice)] }.For(policy);
            var response = await router.InferAsync(pipeline, null, request, ct).ConfigureAwait(false);
            IReadOnlyList<TextEmbedding> embeddings;
            try
            {
                embeddings = EmbeddingPipeline.Read(response.Outputs);
            }
            catch (FormatException ex)
            {
                throw InferenceException.InvalidArgument($"model '{pipeline}' is not an embedding pipeline (text -> embedding, token_count, truncated): {ex.Message}");
            }

            for (var i = 0; i < count; i++)
            {
                vectors[start + i] = embeddings[i].Vector;
            }
        }).ConfigureAwait(false);
        return vectors;
    }
}
