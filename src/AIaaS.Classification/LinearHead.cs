using AIaaS.Inference.Onnx;

namespace AIaaS.Classification;

/// <summary>
/// A classifier's head: probabilities = softmax(W x + b) over an embedding x, W being
/// <c>[classes, width]</c>. Trained heads (ML.NET's maximum entropy) and zero-shot heads (label
/// description embeddings as W) are both this, so both export to the same two-node ONNX graph.
/// </summary>
internal sealed class LinearHead
{
    private readonly float[] _weights;
    private readonly float[] _biases;

    public LinearHead(float[] weights, float[] biases, int width)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(biases);
        if (width < 1 || biases.Length < 1 || weights.Length != biases.Length * width)
        {
            throw new ArgumentException($"weights hold {weights.Length} values, not {biases.Length} classes x {width}", nameof(weights));
        }

        _weights = weights;
        _biases = biases;
        Width = width;
    }

    public int Width { get; }

    public int Classes => _biases.Length;

    /// <summary>The class with the highest score for <paramref name="embedding"/> (softmax keeps the order, so it is not taken).</summary>
    public int Predict(ReadOnlySpan<float> embedding)
    {
        var best = 0;
        var bestScore = float.NegativeInfinity;
        for (var c = 0; c < Classes; c++)
        {
            var score = _biases[c] + System.Numerics.Tensors.TensorPrimitives.Dot(_weights.AsSpan(c * Width, Width), embedding);
            if (score > bestScore)
            {
                (best, bestScore) = (c, score);
            }
        }

        return best;
    }

    /// <summary>The head as ONNX: FP32 <paramref name="input"/> <c>[N, width]</c> to FP32 <paramref name="output"/> <c>[N, classes]</c>.</summary>
    public byte[] ToOnnx(string input, string output) =>
        new OnnxModelBuilder("text_classifier_head")
            .Input(input, OnnxElementType.Float, "N", Width)
            .Output(output, OnnxElementType.Float, "N", Classes)
            .Initializer("weights", [Classes, Width], _weights)
            .Initializer("biases", [Classes], _biases)
            .Node("Gemm", [input, "weights", "biases"], ["logits"], OnnxAttribute.Int("transB", 1))
            .Node("Softmax", ["logits"], [output], OnnxAttribute.Int("axis", 1))
            .Build();
}
