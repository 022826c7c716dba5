using AIaaS.Errors;
using AIaaS.Models;
using AIaaS.Tensors;
using SkiaSharp;

namespace AIaaS.Inference.Processors;

/// <summary>
/// <c>image_decode</c>: a PNG or JPEG file (BYTES <c>image [1]</c>) to pixels (UINT8
/// <c>pixels [height, width, 3]</c>, RGB). The pixel count is checked from the header before any
/// pixel is decoded, so a small file claiming a huge image (a decompression bomb) costs nothing.
/// Parameter: <c>max_pixels</c> (default 25,000,000).
/// </summary>
internal sealed class ImageDecodeProcessor : IProcessor
{
    public const string Name = "image_decode";

    private readonly long maxPixels;

    public ImageDecodeProcessor(ProcessorParameters parameters)
    {
        maxPixels = parameters.Int("max_pixels", 25_000_000, 1, int.MaxValue);
    }

    public ModelSignature Signature { get; } = new(
        [new TensorSpec("image", TensorDataType.Bytes, [1])],
        [new TensorSpec("pixels", TensorDataType.UInt8, [-1, -1, 3])]);

    public IReadOnlyList<TensorPayload> Process(ProcessorInputs inputs)
    {
        ReadOnlyMemory<byte> file;
        try
        {
            file = BytesTensor.ReadElements(inputs["image"])[0];
        }
        catch (FormatException ex)
        {
            throw InferenceException.InvalidArgument(ex.Message);
        }

        using var data = SKData.CreateCopy(file.Span);
        using var codec = SKCodec.Create(data)
            ?? throw InferenceException.InvalidArgument($"input 'image' ({file.Length} bytes) is not a PNG or JPEG image");
        if (codec.EncodedFormat is not (SKEncodedImageFormat.Png or SKEncodedImageFormat.Jpeg))
        {
            throw InferenceException.InvalidArgument($"input 'image' is a {codec.EncodedFormat} image; only PNG and JPEG are accepted");
        }

        var width = codec.Info.Width;
        var height = codec.Info.Height;
        if (width <= 0 || height <= 0 || (long)width * height > maxPixels)
        {
            throw InferenceException.InvalidArgument($"input 'image' is {width}x{height} = {(long)width * height} pixels, more than the {maxPixels} this pipeline accepts (max_pixels)");
        }

        var info = new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        var rgba = new byte[info.BytesSize];
        var result = codec.GetPixels(info, rgba);
        return result switch
        {
            SKCodecResult.Success => [RgbImages.FromRgba("pixels", rgba, width, height)],
            SKCodecResult.IncompleteInput => throw InferenceException.InvalidArgument($"input 'image' is a truncated {codec.EncodedFormat} file ({file.Length} bytes for a {width}x{height} image)"),
            _ => throw InferenceException.InvalidArgument($"input 'image' is a corrupt {codec.EncodedFormat} file ({result})"),
        };
    }
}
