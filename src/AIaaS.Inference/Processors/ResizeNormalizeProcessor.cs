using AIaaS.Models;
using AIaaS.Tensors;
using SkiaSharp;

namespace AIaaS.Inference.Processors;

/// <summary>
/// <c>resize_normalize</c>: pixels to a detector's input, as PaddleOCR's <c>DetResizeForTest</c>
/// and <c>NormalizeImage</c>: the longer side (or shorter, <c>limit_type: min</c>) scaled to at most
/// <c>limit_side_len</c>, each side then rounded to a multiple of <c>multiple</c> (at least one
/// multiple), then <c>(x * scale - mean) / std</c> per channel, planes in <c>channel_order</c>.
/// Outputs <c>tensor [1, 3, H, W]</c> and <c>source_size [2]</c> (the image's height and width), which
/// the detection post-processing needs to map boxes back.
/// </summary>
internal sealed class ResizeNormalizeProcessor : IProcessor
{
    public const string Name = "resize_normalize";

    private readonly int limitSideLength;
    private readonly bool limitMax;
    private readonly int multiple;
    private readonly float scale;
    private readonly float[] mean;
    private readonly float[] std;
    private readonly bool bgr;

    public ResizeNormalizeProcessor(ProcessorParameters parameters)
    {
        limitSideLength = parameters.Int("limit_side_len", 960, 1, 16384);
        limitMax = parameters.Choice("limit_type", "max", "min") == "max";
        multiple = parameters.Int("multiple", 32, 1, 1024);
        scale = parameters.Float("scale", 1f / 255f, float.Epsilon, 1f);
        mean = parameters.Floats("mean", [0.485f, 0.456f, 0.406f], 3);
        std = parameters.Floats("std", [0.229f, 0.224f, 0.225f], 3);
        if (std.Any(s => s <= 0))
        {
            parameters.Errors.Add("parameters.std must be positive");
        }

        bgr = parameters.Choice("channel_order", "bgr", "rgb") == "bgr";
    }

    public ModelSignature Signature { get; } = new(
        [new TensorSpec("pixels", TensorDataType.UInt8, [-1, -1, 3])],
        [new TensorSpec("tensor", TensorDataType.Fp32, [1, 3, -1, -1]), new TensorSpec("source_size", TensorDataType.Int64, [2])]);

    /// <summary>The resized height and width for an image, by PaddleOCR's rule.</summary>
    public (int Height, int Width) TargetSize(int height, int width)
    {
        var side = limitMax ? Math.Max(height, width) : Math.Min(height, width);
        var ratio = limitMax
            ? (side > limitSideLength ? (double)limitSideLength / side : 1.0)
            : (side < limitSideLength ? (double)limitSideLength / side : 1.0);
        return (Round((int)(height * ratio)), Round((int)(width * ratio)));

        // Python's round(): halves to even.
        int Round(int length) => Math.Max((int)Math.Round((double)length / multiple, MidpointRounding.ToEven) * multiple, multiple);
    }

    public IReadOnlyList<TensorPayload> Process(ProcessorInputs inputs)
    {
        var pixels = inputs["pixels"];
        var height = checked((int)pixels.Shape[0]);
        var width = checked((int)pixels.Shape[1]);
        var (targetHeight, targetWidth) = TargetSize(height, width);
        using var image = RgbImages.ToImage(pixels);
        var rgba = RgbImages.Render(image, targetWidth, targetHeight, SKMatrix.CreateScale((float)targetWidth / width, (float)targetHeight / height));
        var planes = new float[3 * targetHeight * targetWidth];
        RgbImages.Normalize(rgba, targetWidth, targetHeight, planes, targetWidth, targetHeight * targetWidth, scale, mean, std, bgr);
        return
        [
            Tensor.Create<float>("tensor", [1, 3, targetHeight, targetWidth], planes),
            Tensor.Create<long>("source_size", [2], [height, width]),
        ];
    }
}
