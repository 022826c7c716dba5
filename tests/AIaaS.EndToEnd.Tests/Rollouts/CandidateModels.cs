using AIaaS.Inference.Onnx;

namespace AIaaS.EndToEnd.Tests.Rollouts;

/// <summary>
/// Faulty candidates for a rollout of ppocr-cls, built in code with its signature
/// (<c>x FP32 [N,3,H,W] -> softmax_0.tmp_0 FP32 [N,2]</c>) unless said otherwise. Each starts
/// from the per-channel mean of the image, <c>m [N,3]</c>.
/// </summary>
internal static class CandidateModels
{
    public const string Output = "softmax_0.tmp_0";

    /// <summary>Fails every run: gathers class 5 of 3 channels (ONNX Runtime checks indices when it runs).</summary>
    public static OnnxModelBuilder Erroring() =>
        Means("erroring")
            .Initializer("indices", [2], 0L, 5L)
            .Node("Gather", ["m", "indices"], ["g"], OnnxAttribute.Int("axis", 1))
            .Node("Softmax", ["g"], [Output], OnnxAttribute.Int("axis", 1));

    /// <summary>Answers, with the right form but other probabilities than ppocr-cls: a softmax over the first two channel means.</summary>
    public static OnnxModelBuilder Differing() =>
        Means("differing")
            .Initializer("indices", [2], 0L, 1L)
            .Node("Gather", ["m", "indices"], ["g"], OnnxAttribute.Int("axis", 1))
            .Node("Softmax", ["g"], [Output], OnnxAttribute.Int("axis", 1));

    /// <summary>
    /// <see cref="Differing"/>'s answer after <paramref name="matMuls"/> matrix products of
    /// <c>[N*3*H, W] x [W, W]</c> (W = 192) whose result is added times zero: about 10 MFLOP per
    /// product and item, hundreds of times ppocr-cls's cost.
    /// </summary>
    public static OnnxModelBuilder Slow(int matMuls = 100)
    {
        const int width = 192;
        var weights = Enumerable.Repeat(1f / width, width * width).ToArray();
        var builder = Means("slow")
            .Initializer("indices", [2], 0L, 1L)
            .Initializer("rows", [2], -1L, width)
            .Initializer("w", [width, width], weights)
            .Initializer("zero", [], 0f)
            .Node("Reshape", ["x", "rows"], ["h0"]);
        for (var i = 0; i < matMuls; i++)
        {
            builder.Node("MatMul", [$"h{i}", "w"], [$"h{i + 1}"]);
        }

        return builder
            .Node("ReduceMean", [$"h{matMuls}"], ["heavy"], OnnxAttribute.Int("keepdims", 0))
            .Node("Mul", ["heavy", "zero"], ["nothing"])
            .Node("Gather", ["m", "indices"], ["g"], OnnxAttribute.Int("axis", 1))
            .Node("Add", ["g", "nothing"], ["s"])
            .Node("Softmax", ["s"], [Output], OnnxAttribute.Int("axis", 1));
    }

    /// <summary>Takes ppocr-cls's input but names its output <c>probs</c>: incompatible.</summary>
    public static OnnxModelBuilder RenamedOutput() =>
        new OnnxModelBuilder("renamed_output")
            .Input("x", OnnxElementType.Float, "N", 3, "H", "W")
            .Output("probs", OnnxElementType.Float, "N", 3)
            .Node("ReduceMean", ["x"], ["probs"], OnnxAttribute.Ints("axes", 2, 3), OnnxAttribute.Int("keepdims", 0));

    private static OnnxModelBuilder Means(string name) =>
        new OnnxModelBuilder(name)
            .Input("x", OnnxElementType.Float, "N", 3, "H", "W")
            .Output(Output, OnnxElementType.Float, "N", 2)
            .Node("ReduceMean", ["x"], ["m"], OnnxAttribute.Ints("axes", 2, 3), OnnxAttribute.Int("keepdims", 0));
}
