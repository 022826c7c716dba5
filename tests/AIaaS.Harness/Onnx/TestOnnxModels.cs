using AIaaS.Inference.Onnx;
using AIaaS.Tensors;

namespace AIaaS.Testing.Onnx;

/// <summary>Tiny models built in code, so tests check batching, errors and datatypes exactly and fast.</summary>
public static class TestOnnxModels
{
    /// <summary><c>y = x</c> for any element type and shape.</summary>
    public static OnnxModelBuilder Identity(OnnxElementType type, params OnnxDim[] shape) =>
        new OnnxModelBuilder("identity")
            .Input("x", type, shape)
            .Output("y", type, shape)
            .Node("Identity", ["x"], ["y"]);

    public static OnnxModelBuilder Identity(TensorDataType type, params OnnxDim[] shape) => Identity(type.ToOnnx(), shape);

    /// <summary><c>y = x + 1</c> over FP32 <c>x [N, width]</c>.</summary>
    public static OnnxModelBuilder AddOne(int width = 4) =>
        new OnnxModelBuilder("add_one")
            .Input("x", OnnxElementType.Float, "N", width)
            .Output("y", OnnxElementType.Float, "N", width)
            .Initializer("one", [], 1f)
            .Node("Add", ["x", "one"], ["y"]);

    /// <summary><c>y = x * factor</c> over FP32 <c>x [N, width]</c>.</summary>
    public static OnnxModelBuilder Scale(float factor = 2f, int width = 4) =>
        new OnnxModelBuilder("scale")
            .Input("x", OnnxElementType.Float, "N", width)
            .Output("y", OnnxElementType.Float, "N", width)
            .Initializer("factor", [], factor)
            .Node("Mul", ["x", "factor"], ["y"]);

    /// <summary>FP32 <c>x [N, L]</c> to <c>y = 2x</c>: rows of any length, for ragged batching.</summary>
    public static OnnxModelBuilder RaggedScale() =>
        new OnnxModelBuilder("ragged_scale")
            .Input("x", OnnxElementType.Float, "N", "L")
            .Output("y", OnnxElementType.Float, "N", "L")
            .Initializer("factor", [], 2f)
            .Node("Mul", ["x", "factor"], ["y"]);

    /// <summary>
    /// FP32 <c>x [N, 4]</c> to <c>y = x + nodes</c> through a chain of <paramref name="nodes"/> Add
    /// nodes: a small file that ONNX Runtime takes long to load (it optimises every node), for tests
    /// of what happens while a model loads.
    /// </summary>
    public static OnnxModelBuilder SlowToLoad(int nodes)
    {
        var builder = new OnnxModelBuilder("slow_to_load")
            .Input("x", OnnxElementType.Float, "N", 4)
            .Output("y", OnnxElementType.Float, "N", 4)
            .Initializer("one", [], 1f);
        for (var i = 0; i < nodes; i++)
        {
            builder.Node("Add", [i == 0 ? "x" : $"t{i - 1}", "one"], [i == nodes - 1 ? "y" : $"t{i}"]);
        }

        return builder;
    }

    /// <summary>Two inputs, two outputs: FP32 <c>a, b [N, width]</c> to <c>sum = a + b</c> and <c>product = a * b</c>.</summary>
    public static OnnxModelBuilder SumAndProduct(int width = 4) =>
        new OnnxModelBuilder("sum_and_product")
            .Input("a", OnnxElementType.Float, "N", width)
            .Input("b", OnnxElementType.Float, "N", width)
            .Output("sum", OnnxElementType.Float, "N", width)
            .Output("product", OnnxElementType.Float, "N", width)
            .Node("Add", ["a", "b"], ["sum"])
            .Node("Mul", ["a", "b"], ["product"]);

    /// <summary>
    /// A batch-less scalar beside a batched input, as silero's <c>sr</c>: FP32 <c>x [N, width]</c>
    /// and INT64 scalar <c>sr</c> to <c>y = x * sr</c>.
    /// </summary>
    public static OnnxModelBuilder ScaleByScalar(int width = 4) =>
        new OnnxModelBuilder("scale_by_scalar")
            .Input("x", OnnxElementType.Float, "N", width)
            .Input("sr", OnnxElementType.Int64)
            .Output("y", OnnxElementType.Float, "N", width)
            .Node("Cast", ["sr"], ["sr_float"], OnnxAttribute.Int("to", (long)OnnxElementType.Float))
            .Node("Mul", ["x", "sr_float"], ["y"]);

    /// <summary>
    /// A stateful model shaped like silero, for exact checks of sessions and of stacking state on
    /// axis 1: FP32 <c>input [N, 1 + width]</c> (one carried sample, then <c>width</c> new ones),
    /// <c>state [2, N, 2]</c> and INT64 scalar <c>sr</c> to
    /// <c>output [N, 1] = sum(input row) * sr + sum(state of the row)</c> and
    /// <c>stateN [2, N, 2] = state + sum(input row)</c>.
    /// </summary>
    public static OnnxModelBuilder StatefulAccumulator(int width = 2) =>
        new OnnxModelBuilder("stateful_accumulator")
            .Input("input", OnnxElementType.Float, "N", 1 + width)
            .Input("state", OnnxElementType.Float, 2, "N", 2)
            .Input("sr", OnnxElementType.Int64)
            .Output("output", OnnxElementType.Float, "N", 1)
            .Output("stateN", OnnxElementType.Float, 2, "N", 2)
            .Initializer("row_axes", [1], 1L)
            .Initializer("state_axes", [2], 0L, 2L)
            .Node("ReduceSum", ["input", "row_axes"], ["row_sum"], OnnxAttribute.Int("keepdims", 1))
            .Node("ReduceSum", ["state", "state_axes"], ["state_sum"], OnnxAttribute.Int("keepdims", 0))
            .Node("Unsqueeze", ["state_sum", "row_axes"], ["state_column"])
            .Node("Cast", ["sr"], ["sr_float"], OnnxAttribute.Int("to", (long)OnnxElementType.Float))
            .Node("Mul", ["row_sum", "sr_float"], ["scaled"])
            .Node("Add", ["scaled", "state_column"], ["output"])
            .Node("Add", ["state", "row_sum"], ["stateN"]);

    /// <summary>
    /// Compute with little to carry: FP32 <c>x [N, width]</c> to <c>y [N, width]</c> after
    /// <paramref name="matMuls"/> products with a constant <c>[width, width]</c> matrix (each
    /// entry 1/width, so a row of ones stays ones): 2 x width^2 FLOP per product and item, for
    /// measurements where the model, not the request's bytes, must be what is scarce.
    /// </summary>
    public static OnnxModelBuilder Busy(int width = 256, int matMuls = 500)
    {
        var builder = new OnnxModelBuilder("busy")
            .Input("x", OnnxElementType.Float, "N", width)
            .Output("y", OnnxElementType.Float, "N", width)
            .Initializer("w", [width, width], Enumerable.Repeat(1f / width, width * width).ToArray());
        var previous = "x";
        for (var i = 0; i < matMuls; i++)
        {
            var next = i == matMuls - 1 ? "y" : $"h{i}";
            builder.Node("MatMul", [previous, "w"], [next]);
            previous = next;
        }

        return builder;
    }
}
