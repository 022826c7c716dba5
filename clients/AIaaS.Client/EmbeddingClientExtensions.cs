using AIaaS.Embeddings;
using AIaaS.Requests;

namespace AIaaS.Client;

/// <summary>The <c>text-embedding</c> pipeline from .NET: texts in, L2-normalised sentence vectors out.</summary>
public static class EmbeddingClientExtensions
{
    /// <summary>
    /// Embeds <paramref name="texts"/> with the cluster's embedding pipeline (<paramref name="model"/>,
    /// <c>text-embedding</c> by default: all-MiniLM-L6-v2, 384 wide), one result per text in order.
    /// </summary>
    /// <exception cref="Errors.InferenceException">A text is empty, too long or not valid UTF-8 (InvalidArgument, naming it), or the pipeline is not ready (Unavailable).</exception>
    public static async Task<IReadOnlyList<TextEmbedding>> EmbedAsync(
        this IInferenceClient client, IReadOnlyList<string> texts, string model = EmbeddingPipeline.Name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(texts);
        var request = new InferenceRequest { Inputs = [EmbeddingPipeline.TextTensor(texts)] };
        var response = await client.InferAsync(model, request, null, cancellationToken).ConfigureAwait(false);
        return EmbeddingPipeline.Read(response.Outputs);
    }

    /// <summary>Embeds one text; see <see cref="EmbedAsync(IInferenceClient, IReadOnlyList{string}, string, CancellationToken)"/>.</summary>
    public static async Task<TextEmbedding> EmbedAsync(
        this IInferenceClient client, string text, string model = EmbeddingPipeline.Name, CancellationToken cancellationToken = default) =>
        (await client.EmbedAsync([text], model, cancellationToken).ConfigureAwait(false))[0];
}
