using System.Runtime.InteropServices;
using AIaaS.Tensors;
using SkiaSharp;

namespace AIaaS.Inference.Processors;

/// <summary>
/// Images as pipelines carry them, UINT8 <c>[height, width, 3]</c> in RGB order, to and from
/// SkiaSharp, and the one resampling every processor uses (an affine map drawn with edge pixels
/// repeated, as OpenCV's <c>BORDER_REPLICATE</c>).
/// </summary>
internal static class RgbImages
{
    // Linear filtering with mipmaps: pages are shrunk by up to several times, where plain linear filtering aliases.
    private static readonly SKSamplingOptions Sampling = new(SKFilterMode.Linear, SKMipmapMode.Linear);

    /// <summary>The image tensor as an SKImage (one copy into RGBA).</summary>
    public static SKImage ToImage(TensorPayload pixels)
    {
        var height = checked((int)pixels.Shape[0]);
        var width = checked((int)pixels.Shape[1]);
        var rgb = pixels.Data.Span;
        var rgba = new byte[checked(width * height * 4)];
        for (int i = 0, j = 0; i < rgb.Length; i += 3, j += 4)
        {
            rgba[j] = rgb[i];
            rgba[j + 1] = rgb[i + 1];
            rgba[j + 2] = rgb[i + 2];
            rgba[j + 3] = 255;
        }

        return SKImage.FromPixelCopy(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque), rgba)
            ?? throw new InvalidOperationException($"SkiaSharp could not wrap a {width}x{height} image");
    }

    /// <summary>An RGBA pixel block (unpremultiplied, opaque) as an image tensor.</summary>
    public static TensorPayload FromRgba(string name, ReadOnlySpan<byte> rgba, int width, int height)
    {
        var rgb = new byte[checked(width * height * 3)];
        for (int i = 0, j = 0; j < rgb.Length; i += 4, j += 3)
        {
            rgb[j] = rgba[i];
            rgb[j + 1] = rgba[i + 1];
            rgb[j + 2] = rgba[i + 2];
        }

        return new TensorPayload(name, TensorDataType.UInt8, [height, width, 3], rgb);
    }

    /// <summary>
    /// Draws <paramref name="source"/> through <paramref name="sourceToTarget"/> into a
    /// <paramref name="width"/> x <paramref name="height"/> RGBA block; target pixels that map
    /// outside the source take the nearest edge pixel.
    /// </summary>
    public static byte[] Render(SKImage source, int width, int height, SKMatrix sourceToTarget)
    {
        var info = new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque);
        using var bitmap = new SKBitmap(info);
        using (var canvas = new SKCanvas(bitmap))
        using (var shader = source.ToShader(SKShaderTileMode.Clamp, SKShaderTileMode.Clamp, Sampling, sourceToTarget))
        using (var paint = new SKPaint { Shader = shader, BlendMode = SKBlendMode.Src })
        {
            canvas.DrawRect(0, 0, width, height, paint);
        }

        return MemoryMarshal.AsBytes(bitmap.GetPixelSpan()).ToArray();
    }

    /// <summary>
    /// Writes RGBA pixels as normalised planes <c>[3, height, width]</c> into <paramref name="planes"/>
    /// (whose rows are <paramref name="rowStride"/> floats long): <c>(x * scale - mean[c]) / std[c]</c>,
    /// channels in BGR order when <paramref name="bgr"/> (PaddleOCR reads images with OpenCV).
    /// </summary>
    public static void Normalize(ReadOnlySpan<byte> rgba, int width, int height, Span<float> planes, int rowStride, int planeStride, float scale, float[] mean, float[] std, bool bgr)
    {
        for (var c = 0; c < 3; c++)
        {
            var source = bgr ? 2 - c : c;
            var factor = scale / std[c];
            var offset = mean[c] / std[c];
            var plane = planes.Slice(c * planeStride);
            for (var y = 0; y < height; y++)
            {
                var row = plane.Slice(y * rowStride, width);
                var pixel = y * width * 4 + source;
                for (var x = 0; x < width; x++, pixel += 4)
                {
                    row[x] = rgba[pixel] * factor - offset;
                }
            }
        }
    }
}
