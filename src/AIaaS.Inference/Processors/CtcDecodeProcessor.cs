using AIaaS.Errors;
using AIaaS.Models;
using AIaaS.Tensors;

namespace AIaaS.Inference.Processors;

/// <summary>
/// <c>ctc_decode</c>: greedy CTC decoding of a recogniser's per-step class probabilities, as
/// PaddleOCR's <c>CTCLabelDecode</c>: the best class of each step, repeats merged, blanks dropped;
/// the confidence is the mean probability of the kept steps (0 for an empty line). Classes are the
/// blank (index 0), then one per line of the <c>labels</c> file (a path in the model repository,
/// e.g. <c>ppocr-rec/ppocr_keys_v1.txt</c>), then a space when <c>use_space_char</c> is true (the
/// default). Input <c>logits [N, T, C]</c>; outputs <c>text [N]</c> (UTF-8) and <c>confidence [N]</c>.
/// </summary>
internal sealed class CtcDecodeProcessor : IProcessor
{
    public const string Name = "ctc_decode";

    private readonly string[] classes;

    public CtcDecodeProcessor(ProcessorParameters parameters, ProcessorFiles? files)
    {
        var path = parameters.String("labels", "");
        var space = parameters.Choice("use_space_char", "true", "false") == "true";
        if (path.Length == 0)
        {
            parameters.Errors.Add("parameters.labels must name a label file in the model repository");
        }

        string[] labels = [];
        if (files is not null && path.Length > 0)
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

        classes = ["", .. labels, .. space ? new[] { " " } : []];
    }

    public ModelSignature Signature { get; } = new(
        [new TensorSpec("logits", TensorDataType.Fp32, [-1, -1, -1])],
        [new TensorSpec("text", TensorDataType.Bytes, [-1]), new TensorSpec("confidence", TensorDataType.Fp32, [-1])]);

    public IReadOnlyList<TensorPayload> Process(ProcessorInputs inputs)
    {
        var logits = inputs["logits"];
        var (count, steps, width) = ((int)logits.Shape[0], (int)logits.Shape[1], (int)logits.Shape[2]);
        if (width != classes.Length)
        {
            throw InferenceException.InvalidArgument($"input 'logits' has {width} classes, but the label file gives {classes.Length} (blank, labels, space)");
        }

        var values = inputs.Floats("logits");
        var texts = new string[count];
        var confidences = new float[count];
        for (var n = 0; n < count; n++)
        {
            (texts[n], confidences[n]) = Decode(values.Slice(n * steps * width, steps * width), steps, width);
        }

        return [BytesTensor.CreateStrings("text", [count], texts), Tensor.Create<float>("confidence", [count], confidences)];
    }

    /// <summary>One line: the text and its confidence.</summary>
    public (string Text, float Confidence) Decode(ReadOnlySpan<float> probabilities, int steps, int width)
    {
        var text = new System.Text.StringBuilder();
        double sum = 0;
        var kept = 0;
        var previous = -1;
        for (var t = 0; t < steps; t++)
        {
            var row = probabilities.Slice(t * width, width);
            var best = 0;
            for (var c = 1; c < width; c++)
            {
                if (row[c] > row[best])
                {
                    best = c;
                }
            }

            if (best != 0 && best != previous)
            {
                text.Append(classes[best]);
                sum += row[best];
                kept++;
            }

            previous = best;
        }

        return (text.ToString(), kept == 0 ? 0f : (float)(sum / kept));
    }
}
