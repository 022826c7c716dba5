using AIaaS.Inference.Execution;
using AIaaS.Tensors;
using AIaaS.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace AIaaS.EndToEnd.Tests;

/// <summary>What ONNX Runtime computes in this process for a real model: the expected values of every serving path.</summary>
internal static class ReferenceOutputs
{
    public static IReadOnlyList<TensorPayload> Run(string model, params TensorPayload[] inputs)
    {
        var path = Path.Combine(RepositoryPaths.RealModel(model), "1", "model.onnx");
        using var onnx = OnnxModel.Load(path, new OnnxModelOptions(), NullLogger.Instance);
        return onnx.Run(inputs, null);
    }

    /// <summary>Element-wise equality within <paramref name="tolerance"/>, naming the first difference.</summary>
    public static void AssertClose(float[] expected, float[] actual, float tolerance = 1e-5f, string? what = null)
    {
        Assert.True(expected.Length == actual.Length, $"{what}: expected {expected.Length} values, got {actual.Length}");
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.True(
                MathF.Abs(expected[i] - actual[i]) <= tolerance,
                $"{what}: element {i} is {actual[i]:R}, expected {expected[i]:R} (tolerance {tolerance})");
        }
    }
}
