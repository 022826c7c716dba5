using System.Globalization;
using AIaaS.Errors;
using AIaaS.Requests;
using AIaaS.Models;
using AIaaS.Tabular;
using AIaaS.Tensors;

namespace AIaaS.Classifiers;

/// <summary>
/// Texts in, a category and every category's probability out, through a model's
/// <c>text_classifier</c> block (its embedding pipeline, then its head): what
/// <c>POST /v1/models/{name}/text-classification</c> and the SDK's <c>ClassifyAsync</c> share.
/// </summary>
public static class TextClassifierModel
{
    /// <summary>Texts one call may carry.</summary>
    public const int MaxTexts = 64;

    /// <summary>
    /// The newest ready version's classifier block; the request is pinned to that version only
    /// when ready versions disagree on the labels or the embedding (a retrained classifier with
    /// other categories).
    /// </summary>
    /// <exception cref="InferenceException">An unknown model (NotFound), no ready version (Unavailable), or no <c>text_classifier</c> block (InvalidArgument).</exception>
    public static TextClassifierTarget Target(ModelDeployment deployment)
    {
        ArgumentNullException.ThrowIfNull(deployment);
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
        return new TextClassifierTarget(classifier, agree ? null : newest.Version.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>At least one text and at most <see cref="MaxTexts"/>.</summary>
    /// <exception cref="InferenceException">InvalidArgument.</exception>
    public static void CheckTextCount(int texts)
    {
        if (texts == 0)
        {
            throw InferenceException.InvalidArgument("no texts to classify: send at least one");
        }

        if (texts > MaxTexts)
        {
            throw InferenceException.InvalidArgument(string.Create(CultureInfo.InvariantCulture, $"{texts} texts to classify, more than the {MaxTexts} one call takes"));
        }
    }

    /// <summary>The head's request: the texts' embeddings as one FP32 <c>[texts, width]</c> input.</summary>
    public static InferenceRequest Request(TextClassifierConfig classifier, IReadOnlyList<float[]> vectors)
    {
        ArgumentNullException.ThrowIfNull(classifier);
        ArgumentNullException.ThrowIfNull(vectors);
        var width = vectors.Count == 0 ? 0 : vectors[0].Length;
        var flat = new float[vectors.Count * width];
        for (var i = 0; i < vectors.Count; i++)
        {
            vectors[i].CopyTo(flat, i * width);
        }

        return new InferenceRequest
        {
            Inputs = [Tensor.Create<float>(classifier.Input, [vectors.Count, width], flat)],
            Outputs = [classifier.ProbabilitiesOutput],
        };
    }

    /// <summary>One classification per text from the head's outputs, its categories named by the labels.</summary>
    /// <exception cref="InferenceException">Internal: the outputs are not what the classifier block says.</exception>
    public static TextClassification[] Classifications(string model, TextClassifierConfig classifier, int texts, IReadOnlyList<TensorPayload> outputs)
    {
        ArgumentNullException.ThrowIfNull(classifier);
        var head = new TabularConfig { Input = classifier.Input, ProbabilitiesOutput = classifier.ProbabilitiesOutput, Labels = classifier.Labels };
        return [.. TabularModel.Predictions(model, head, texts, outputs).Select(p => new TextClassification(p.Label, p.Probabilities))];
    }
}
