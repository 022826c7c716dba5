using System.Globalization;
using AIaaS.Errors;
using AIaaS.Grains;
using AIaaS.Grains.Tenants;
using AIaaS.Inference;
using AIaaS.Models;
using AIaaS.Routing;
using AIaaS.Tabular;
using AIaaS.Tensors;

namespace AIaaS.Classification;

/// <summary>
/// Classifies texts with a classifier model: the texts through its embedding pipeline, the
/// embeddings through its head (routed like any call, so its traffic split and rollout apply),
/// the probabilities named by its labels.
/// </summary>
public sealed class TextClassifier(IGrainFactory grains, ModelRouter router, TextEmbedder embedder)
{
    public const int MaxTexts = 64;

    /// <exception cref="InferenceException">An unknown model (NotFound), one that is not a classifier (InvalidArgument), no ready version (Unavailable).</exception>
    public async Task<IReadOnlyList<TextClassification>> ClassifyAsync(string model, IReadOnlyList<string> texts, TenantPolicy policy, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var (classifier, version) = Target(await grains.GetGrain<IModelGrain>(model).GetDeployment().ConfigureAwait(false));
        var vectors = await embedder.EmbedAsync(classifier.Embedding, texts, policy, cancellationToken).ConfigureAwait(false);
        var width = vectors[0].Length;
        var flat = new float[vectors.Length * width];
        for (var i = 0; i < vectors.Length; i++)
        {
            vectors[i].CopyTo(flat, i * width);
        }

        var request = new InferenceRequest
        {
            Inputs = [Tensor.Create<float>(classifier.Input, [vectors.Length, width], flat)],
            Outputs = [classifier.ProbabilitiesOutput],
        }.For(policy);
        var response = await router.InferAsync(model, version, request, cancellationToken).ConfigureAwait(false);
        var head = new TabularConfig { Input = classifier.Input, ProbabilitiesOutput = classifier.ProbabilitiesOutput, Labels = classifier.Labels };
        return [.. TabularModel.Predictions(model, head, vectors.Length, response.Outputs).Select(p => new TextClassification(p.Label, p.Probabilities))];
    }

    /// <summary>
    /// The newest ready version's classifier block; the request is pinned to that version only
    /// when ready versions disagree on the labels (a retrained classifier with other categories).
    /// </summary>
    private static (TextClassifierConfig Classifier, string? Version) Target(ModelDeployment deployment)
    {
        if (deployment.Versions.Count == 0)
        {
            throw InferenceException.NotFound($"unknown model '{deployment.Name}'");
        }

        var ready = deployment.Versions.Where(v => v.Status == ModelVersionStatus.Ready).ToList();
        var newest = ready.Count > 0 ? ready[^1] : throw InferenceException.Unavailable($"model '{deployment.Name}' has no ready version");
        if (newest.Config.TextClassifier is not { } classifier)
        {
            throw InferenceException.InvalidArgument($"model '{deployment.Name}' is not a text classifier (its configuration has no 'text_classifier' block)");
        }

        var agree = ready.All(v => v.Config.TextClassifier is { } other && other.Embedding == classifier.Embedding && other.Labels.AsSpan().SequenceEqual(classifier.Labels));
        return (classifier, agree ? null : newest.Version.ToString(CultureInfo.InvariantCulture));
    }
}
