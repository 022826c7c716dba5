using AIaaS.Classifiers;
using AIaaS.Errors;
using AIaaS.Grains.Tenants;
using AIaaS.Models;
using AIaaS.Routing;

namespace AIaaS.Classification;

/// <summary>
/// Classifies texts with a classifier model: the texts through its embedding pipeline, the
/// embeddings through its head (routed like any call, so its traffic split and rollout apply),
/// the probabilities named by its labels.
/// </summary>
internal sealed class TextClassifier(IGrainFactory grains, ModelRouter router, TextEmbedder embedder)
{
    /// <exception cref="InferenceException">An unknown model (NotFound), one that is not a classifier or too many texts (InvalidArgument), no ready version (Unavailable).</exception>
    public async Task<IReadOnlyList<TextClassification>> ClassifyAsync(string model, IReadOnlyList<string> texts, TenantPolicy policy, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(texts);
        TextClassifierModel.CheckTextCount(texts.Count);
        var target = TextClassifierModel.Target(await grains.GetGrain<IModelGrain>(model).GetDeployment().ConfigureAwait(false));
        var vectors = await embedder.EmbedAsync(target.Classifier.Embedding, texts, policy, cancellationToken).ConfigureAwait(false);
        var request = TextClassifierModel.Request(target.Classifier, vectors).For(policy);
        var response = await router.InferAsync(model, target.Version, request, cancellationToken).ConfigureAwait(false);
        return TextClassifierModel.Classifications(model, target.Classifier, vectors.Length, response.Outputs);
    }
}
