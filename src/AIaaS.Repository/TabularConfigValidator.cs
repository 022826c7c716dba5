using AIaaS.Models;

namespace AIaaS.Repository;

/// <summary>The errors of a config's <c>tabular</c> block, each naming its field.</summary>
internal static class TabularConfigValidator
{
    public static IEnumerable<string> Validate(TabularConfig tabular, string platform, int maxBatchSize)
    {
        if (maxBatchSize < 1)
        {
            yield return "tabular needs max_batch_size >= 1: the rows of a /predict call are the input's first axis";
        }

        if (!string.Equals(platform, ModelPlatforms.Onnx, StringComparison.Ordinal))
        {
            yield return $"tabular is only for '{ModelPlatforms.Onnx}' models, not '{platform}'";
        }

        if (string.IsNullOrWhiteSpace(tabular.Input))
        {
            yield return "tabular.input must name the model's FP32 [N, features] input";
        }

        if (string.IsNullOrWhiteSpace(tabular.ProbabilitiesOutput))
        {
            yield return "tabular.probabilities_output must name the model's FP32 [N, labels] output";
        }

        if (tabular.LabelOutput is { } label && string.IsNullOrWhiteSpace(label))
        {
            yield return "tabular.label_output must not be empty when it is given";
        }

        foreach (var error in Names(tabular.Features, "tabular.features", "feature"))
        {
            yield return error;
        }

        foreach (var error in Names(tabular.Labels, "tabular.labels", "label"))
        {
            yield return error;
        }
    }

    internal static IEnumerable<string> Names(string[] names, string field, string what)
    {
        if (names.Length == 0)
        {
            yield return $"{field} must list at least one {what}";
            yield break;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < names.Length; i++)
        {
            if (string.IsNullOrWhiteSpace(names[i]))
            {
                yield return $"{field}[{i}] must not be empty";
            }
            else if (!seen.Add(names[i]))
            {
                yield return $"{field}[{i}] '{names[i]}' appears twice";
            }
        }
    }
}
