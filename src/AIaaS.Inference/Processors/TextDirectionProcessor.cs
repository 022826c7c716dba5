using AIaaS.Models;
using AIaaS.Tensors;

namespace AIaaS.Inference.Processors;

/// <summary>
/// <c>text_direction</c>: applies a 180-degree direction classifier (ppocr-cls: classes "0" and
/// "180"), as PaddleOCR turns a line whose class is "180" with a score above <c>threshold</c> (0.9):
/// here the line's box is read from its opposite corner, so the next crop comes out upright and
/// the box's first corner is the text's own top-left. When more than half the lines are turned the
/// page is upside down, and the lines' order is reversed into reading order. Inputs
/// <c>boxes [K, 4, 2]</c> and <c>probabilities [K, 2]</c>; output <c>oriented_boxes [K, 4, 2]</c>.
/// </summary>
internal sealed class TextDirectionProcessor : IProcessor
{
    public const string Name = "text_direction";

    private readonly float threshold;

    public TextDirectionProcessor(ProcessorParameters parameters)
    {
        threshold = parameters.Float("threshold", 0.9f, 0f, 1f);
    }

    public ModelSignature Signature { get; } = new(
        [new TensorSpec("boxes", TensorDataType.Fp32, [-1, 4, 2]), new TensorSpec("probabilities", TensorDataType.Fp32, [-1, 2])],
        [new TensorSpec("oriented_boxes", TensorDataType.Fp32, [-1, 4, 2])]);

    public IReadOnlyList<TensorPayload> Process(ProcessorInputs inputs)
    {
        var boxes = inputs.Floats("boxes");
        var probabilities = inputs.Floats("probabilities");
        var count = boxes.Length / 8;
        if (probabilities.Length != count * 2)
        {
            throw Errors.InferenceException.InvalidArgument($"input 'probabilities' has {probabilities.Length / 2} rows for {count} boxes");
        }

        var turned = new bool[count];
        var turnedCount = 0;
        for (var i = 0; i < count; i++)
        {
            var upside = probabilities[(i * 2) + 1];
            turned[i] = upside > probabilities[i * 2] && upside > threshold;
            turnedCount += turned[i] ? 1 : 0;
        }

        var reverse = turnedCount * 2 > count;
        var result = new float[boxes.Length];
        for (var i = 0; i < count; i++)
        {
            var target = reverse ? count - 1 - i : i;
            var source = boxes.Slice(i * 8, 8);
            var destination = result.AsSpan(target * 8, 8);
            // Turned: the corners start from the bottom-right (index 2), keeping their clockwise order.
            var shift = turned[i] ? 2 : 0;
            for (var c = 0; c < 4; c++)
            {
                var from = (c + shift) % 4;
                destination[c * 2] = source[from * 2];
                destination[(c * 2) + 1] = source[(from * 2) + 1];
            }
        }

        return [Tensor.Create<float>("oriented_boxes", [count, 4, 2], result)];
    }
}
