using System.Globalization;
using AIaaS.Errors;
using AIaaS.Requests;
using AIaaS.Models;
using AIaaS.Tensors;

namespace AIaaS.Tabular;

/// <summary>
/// Rows of named features in, labels and probabilities out, through a model's <c>tabular</c>
/// block: what <c>POST /v1/models/{name}/predict</c> and the SDK's <c>PredictAsync</c> share.
/// The feature order is the model's, never the caller's.
/// </summary>
public static class TabularModel
{
    /// <summary>
    /// The <c>tabular</c> block of the newest ready version. Versions that disagree on it (a
    /// retrained model with other features) cannot share traffic: the request is then pinned to the
    /// newest, whose feature order the rows are put in.
    /// </summary>
    /// <exception cref="InferenceException">An unknown model (NotFound), no ready version (Unavailable), or no <c>tabular</c> block (InvalidArgument).</exception>
    public static TabularTarget Target(ModelDeployment deployment)
    {
        ArgumentNullException.ThrowIfNull(deployment);
        var model = deployment.Name;
        if (deployment.Versions.Count == 0)
        {
            throw InferenceException.NotFound($"unknown model '{model}'");
        }

        var ready = deployment.Versions.Where(v => v.Status == ModelVersionStatus.Ready).ToList();
        var newest = ready.Count > 0
            ? ready[^1]
            : throw InferenceException.Unavailable($"model '{model}' has no ready version");
        if (newest.Config.Tabular is not { } tabular)
        {
            throw InferenceException.InvalidArgument(
                $"model '{model}' has no feature names in its configuration (a 'tabular' block), so it cannot take rows of named features; call it through POST /v2/models/{model}/infer");
        }

        var pinned = ready.All(v => Same(v.Config.Tabular, tabular)) ? null : newest.Version.ToString(CultureInfo.InvariantCulture);
        return new TabularTarget(tabular, newest.Config.MaxBatchSize, pinned);
    }

    /// <summary>
    /// The rows as <c>rows × features</c> values in the model's feature order.
    /// </summary>
    /// <exception cref="InferenceException">InvalidArgument naming the row and a missing or unknown feature, or too many rows.</exception>
    public static float[] Values(TabularTarget target, IReadOnlyList<IReadOnlyDictionary<string, float>> rows)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(rows);
        CheckRowCount(rows.Count, target.MaxRows);
        var features = target.Tabular.Features;
        var values = new float[rows.Count * features.Length];
        for (var row = 0; row < rows.Count; row++)
        {
            foreach (var name in rows[row].Keys)
            {
                if (Array.IndexOf(features, name) < 0)
                {
                    throw UnknownFeature(row, name, features);
                }
            }

            for (var f = 0; f < features.Length; f++)
            {
                values[(row * features.Length) + f] = rows[row].TryGetValue(features[f], out var value)
                    ? value
                    : throw MissingFeatures(row, [features[f]], features);
            }
        }

        return values;
    }

    /// <summary>The request carrying <paramref name="values"/> (<c>rows × features</c>, in the model's order) into the model's input.</summary>
    public static InferenceRequest Request(TabularConfig tabular, float[] values)
    {
        ArgumentNullException.ThrowIfNull(tabular);
        ArgumentNullException.ThrowIfNull(values);
        var rows = values.Length / tabular.Features.Length;
        return new InferenceRequest
        {
            Inputs = [Tensor.Create<float>(tabular.Input, [rows, tabular.Features.Length], values)],
            Outputs = tabular.LabelOutput is { } label ? [tabular.ProbabilitiesOutput, label] : [tabular.ProbabilitiesOutput],
        };
    }

    /// <summary>One prediction per row from the model's outputs.</summary>
    /// <exception cref="InferenceException">Internal: the outputs are not what the <c>tabular</c> block says (the model's configuration is wrong, not the request).</exception>
    public static TabularPrediction[] Predictions(string model, TabularConfig tabular, int rows, IReadOnlyList<TensorPayload> outputs)
    {
        ArgumentNullException.ThrowIfNull(tabular);
        ArgumentNullException.ThrowIfNull(outputs);
        var classes = tabular.Labels.Length;
        var probabilities = Output(model, outputs, tabular.ProbabilitiesOutput);
        if (probabilities.DataType != TensorDataType.Fp32 || probabilities.ElementCount != (long)rows * classes)
        {
            throw Mismatch(model, $"output '{tabular.ProbabilitiesOutput}' is {probabilities.DataType.ToProtocolName()} [{string.Join(',', probabilities.Shape)}], not FP32 [{rows},{classes}] for its {classes} labels");
        }

        var scores = probabilities.ToArray<float>();
        string[]? labels = null;
        if (tabular.LabelOutput is { } labelOutput)
        {
            var label = Output(model, outputs, labelOutput);
            labels = label.DataType == TensorDataType.Bytes ? BytesTensor.ReadStrings(label) : null;
            if (labels is null || labels.Length != rows)
            {
                throw Mismatch(model, $"output '{labelOutput}' is {label.DataType.ToProtocolName()} [{string.Join(',', label.Shape)}], not BYTES [{rows},1]");
            }
        }

        var predictions = new TabularPrediction[rows];
        for (var row = 0; row < rows; row++)
        {
            var best = 0;
            var named = new OrderedDictionary<string, float>(classes, StringComparer.Ordinal);
            for (var c = 0; c < classes; c++)
            {
                var p = scores[(row * classes) + c];
                named.Add(tabular.Labels[c], p);
                best = p > scores[(row * classes) + best] ? c : best;
            }

            predictions[row] = new TabularPrediction(labels?[row] ?? tabular.Labels[best], named);
        }

        return predictions;
    }

    /// <summary>At least one row and at most <paramref name="maxRows"/>.</summary>
    /// <exception cref="InferenceException">InvalidArgument.</exception>
    public static void CheckRowCount(int rows, int maxRows)
    {
        if (rows == 0)
        {
            throw InferenceException.InvalidArgument("'instances' is empty; send at least one row");
        }

        if (rows > maxRows)
        {
            throw InferenceException.InvalidArgument(Invariant($"'instances' has {rows} rows, more than the {maxRows} the model takes in one call (its max_batch_size)"));
        }
    }

    public static InferenceException UnknownFeature(int row, string name, string[] features) =>
        InferenceException.InvalidArgument(Invariant($"instances[{row}] has unknown feature '{Truncate(name)}'; the model's features are {string.Join(", ", features)}"));

    public static InferenceException MissingFeatures(int row, IReadOnlyList<string> missing, string[] features) =>
        InferenceException.InvalidArgument(Invariant($"instances[{row}] is missing feature{(missing.Count > 1 ? "s" : "")} {string.Join(", ", missing.Select(m => $"'{m}'"))}; the model's features are {string.Join(", ", features)}"));

    /// <summary>A caller's text in an error, cut to 40 characters: a 100 KB key is not echoed back.</summary>
    public static string Truncate(string text) => text.Length <= 40 ? text : text[..40] + "...";

    private static bool Same(TabularConfig? a, TabularConfig b) =>
        a is not null
        && a.Input == b.Input
        && a.ProbabilitiesOutput == b.ProbabilitiesOutput
        && a.LabelOutput == b.LabelOutput
        && a.Features.AsSpan().SequenceEqual(b.Features)
        && a.Labels.AsSpan().SequenceEqual(b.Labels);

    private static TensorPayload Output(string model, IReadOnlyList<TensorPayload> outputs, string name) =>
        outputs.FirstOrDefault(o => string.Equals(o.Name, name, StringComparison.Ordinal))
            ?? throw Mismatch(model, $"the model returned no output '{name}'");

    // The config names tensors the graph does not have: the operator's error, not the caller's.
    private static InferenceException Mismatch(string model, string what) =>
        new(InferenceErrorKind.Internal, $"model '{model}': its tabular configuration does not match the graph: {what}");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
