using AIaaS.Inference.Execution;
using AIaaS.Tensors;
using AIaaS.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace AIaaS.Inference.Tests.Execution;

/// <summary>
/// The real PP-OCR direction classifier from the model repository. These tests fail, rather than
/// skip, when the model has not been pulled.
/// </summary>
public sealed class OnnxModelRealModelTests
{
    private static readonly OnnxModelOptions CpuOptions = new() { PreferCuda = false };

    [Fact]
    public void Load_PpocrCls_SignatureIsImagesToTwoClasses()
    {
        using var model = LoadPpocrCls();

        var input = Assert.Single(model.Signature.Inputs);
        var output = Assert.Single(model.Signature.Outputs);
        Assert.Equal(("x", TensorDataType.Fp32), (input.Name, input.DataType));
        // The graph leaves height and width open; 48x192 is what the model was trained on and
        // what the repository's config pins, not what the ONNX file declares.
        Assert.Equal(new long[] { -1, 3, -1, -1 }, input.Shape);
        Assert.Equal(("softmax_0.tmp_0", TensorDataType.Fp32), (output.Name, output.DataType));
        Assert.Equal(new long[] { -1, 2 }, output.Shape);
    }

    [Fact]
    public void Run_PpocrClsBatchOfOne_ReturnsTwoProbabilitiesSummingToOne()
    {
        using var model = LoadPpocrCls();
        var random = new Random(42);
        // PaddleOCR normalises pixels to [-1, 1].
        var pixels = new float[3 * 48 * 192];
        for (var i = 0; i < pixels.Length; i++)
        {
            pixels[i] = (random.NextSingle() * 2) - 1;
        }

        var output = Assert.Single(model.Run([Payloads.Fp32("x", [1, 3, 48, 192], pixels)]));

        Assert.Equal(new long[] { 1, 2 }, output.Shape);
        var probabilities = Payloads.ToFloats(output);
        Assert.Equal(2, probabilities.Length);
        Assert.All(probabilities, p => Assert.InRange(p, 0f, 1f));
        Assert.Equal(1.0, probabilities[0] + (double)probabilities[1], precision: 5);
    }

    private static OnnxModel LoadPpocrCls() =>
        OnnxModel.Load(Path.Combine(RepositoryPaths.RealModel("ppocr-cls"), "1", "model.onnx"), CpuOptions, NullLogger.Instance);
}
