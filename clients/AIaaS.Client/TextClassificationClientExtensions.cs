using AIaaS.Classifiers;

namespace AIaaS.Client;

/// <summary>
/// Text classifiers from .NET (trained with <c>POST /v1/classifiers/{name}</c> or <c>aiaas
/// classifiers train</c>): texts in, a category and every category's probability out, as
/// <c>POST /v1/models/{name}/text-classification</c>.
/// </summary>
public static class TextClassificationClientExtensions
{
    /// <summary>
    /// Classifies each of <paramref name="texts"/> with the classifier <paramref name="model"/>:
    /// one call to the model grain for its configuration, the texts through its embedding
    /// pipeline, then one run of its head for all of them.
    /// </summary>
    /// <exception cref="Errors.InferenceException">
    /// No texts or more than <see cref="TextClassifierModel.MaxTexts"/>, an empty or too long text,
    /// or a model that is not a text classifier (InvalidArgument); an unknown model (NotFound);
    /// no ready version (Unavailable).
    /// </exception>
    public static async Task<IReadOnlyList<TextClassification>> ClassifyAsync(
        this IInferenceClient client, string model, IReadOnlyList<string> texts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(texts);
        TextClassifierModel.CheckTextCount(texts.Count);
        var target = TextClassifierModel.Target(await client.GetModelAsync(model, cancellationToken).ConfigureAwait(false));
        var embeddings = await client.EmbedAsync(texts, target.Classifier.Embedding, cancellationToken).ConfigureAwait(false);
        var request = TextClassifierModel.Request(target.Classifier, [.. embeddings.Select(e => e.Vector)]);
        var response = await client.InferAsync(model, request, target.Version, cancellationToken).ConfigureAwait(false);
        return TextClassifierModel.Classifications(model, target.Classifier, texts.Count, response.Outputs);
    }

    /// <summary>Classifies one text; see <see cref="ClassifyAsync(IInferenceClient, string, IReadOnlyList{string}, CancellationToken)"/>.</summary>
    public static async Task<TextClassification> ClassifyAsync(
        this IInferenceClient client, string model, string text, CancellationToken cancellationToken = default) =>
        (await client.ClassifyAsync(model, [text], cancellationToken).ConfigureAwait(false))[0];
}
