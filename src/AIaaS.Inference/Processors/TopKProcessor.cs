using AIaaS.Errors;
using AIaaS.Models;
using AIaaS.Tensors;

namespace AIaaS.Inference.Processors;

/// <summary>
/// <c>top_k</c>: a classifier's scores to its <c>k</c> (1) best classes, best first (ties: the lower
/// index first), with their labels: from <c>labels</c> (a label file in the model repository) or
/// <c>label_list</c> (comma-separated), else the class index. Input <c>probabilities [N, C]</c>;
/// outputs <c>labels [N, k]</c> (UTF-8) and <c>scores [N, k]</c>.
/// </summary>
internal sealed class TopKProcessor : IProcessor
{
    public const string Name = "top_k";

    private readonly int k;
    private readonly string[]? labels;

    public TopKProcessor(ProcessorParameters parameters, ProcessorFiles? files)
    {
        k = parameters.Int("k", 1, 1, 1000);
        var path = parameters.String("labels", "");
        var list = parameters.String("label_list", "");
        if (path.Length > 0 && list.Length > 0)
        {
            parameters.Errors.Add("parameters.labels and parameters.label_list cannot both be set");
        }
        else if (list.Length > 0)
        {
            labels = list.Split(',', StringSplitOptions.TrimEntries);
        }
        else if (path.Length > 0 && files is not null)
        {
            try
            {
                labels = files.ReadLabels(path);
            }
            catch (InvalidDataException ex)
            {
                parameters.Errors.Add($"parameters.labels: {ex.Message}");
            }
        }

        Signature = new(
            [new TensorSpec("probabilities", TensorDataType.Fp32, [-1, -1])],
            [new TensorSpec("labels", TensorDataType.Bytes, [-1, k]), new TensorSpec("scores", TensorDataType.Fp32, [-1, k])]);
    }

    public ModelSignature Signature { get; }

    public IReadOnlyList<TensorPayload> Process(ProcessorInputs inputs)
    {
        var probabilities = inputs["probabilities"];
        var (count, classes) = ((int)probabilities.Shape[0], (int)probabilities.Shape[1]);
        if (classes < k)
        {
            throw InferenceException.InvalidArgument($"input 'probabilities' has {classes} classes, fewer than k = {k}");
        }

        if (labels is not null && labels.Length != classes)
        {
            throw InferenceException.InvalidArgument($"input 'probabilities' has {classes} classes, but {labels.Length} labels are configured");
        }

        var values = inputs.Floats("probabilities");
        var names = new string[count * k];
        var scores = new float[count * k];
        var order = new int[classes];
        for (var n = 0; n < count; n++)
        {
            var row = values.Slice(n * classes, classes).ToArray();
            for (var c = 0; c < classes; c++)
            {
                order[c] = c;
            }

            // Stable: equal scores keep the lower index first.
            var sorted = order.OrderByDescending(c => row[c]).ThenBy(c => c).Take(k).ToArray();
            for (var i = 0; i < k; i++)
            {
                names[(n * k) + i] = labels?[sorted[i]] ?? sorted[i].ToString(System.Globalization.CultureInfo.InvariantCulture);
                scores[(n * k) + i] = row[sorted[i]];
            }
        }

        return [BytesTensor.CreateStrings("labels", [count, k], names), Tensor.Create<float>("scores", [count, k], scores)];
    }
}
