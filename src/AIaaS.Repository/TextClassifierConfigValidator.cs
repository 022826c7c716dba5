using AIaaS.Models;

namespace AIaaS.Repository;

/// <summary>The errors of a config's <c>text_classifier</c> block, each naming its field.</summary>
internal static class TextClassifierConfigValidator
{
    public static IEnumerable<string> Validate(TextClassifierConfig classifier, string platform, int maxBatchSize)
    {
        if (platform != ModelPlatforms.Onnx)
        {
            yield return $"text_classifier is only for '{ModelPlatforms.Onnx}' models, not '{platform}'";
        }

        if (maxBatchSize < 1)
        {
            yield return "text_classifier needs max_batch_size >= 1: texts are the head's first axis";
        }

        if (string.IsNullOrWhiteSpace(classifier.Embedding))
        {
            yield return "text_classifier.embedding must name the embedding pipeline the head's input comes from";
        }

        if (string.IsNullOrWhiteSpace(classifier.Input))
        {
            yield return "text_classifier.input must name the head's FP32 [N, width] input";
        }

        if (string.IsNullOrWhiteSpace(classifier.ProbabilitiesOutput))
        {
            yield return "text_classifier.probabilities_output must name the head's FP32 [N, labels] output";
        }

        foreach (var error in TabularConfigValidator.Names(classifier.Labels, "text_classifier.labels", "label"))
        {
            yield return error;
        }

        if (classifier.Accuracy is < 0 or > 1)
        {
            yield return "text_classifier.accuracy must be within [0, 1]";
        }
    }
}
