using AIaaS.Errors;
using AIaaS.Tensors;
using SkiaSharp;

namespace AIaaS.Inference.Tests.Processors;

public sealed class ImageDecodeProcessorTests
{
    [Fact]
    public void Process_Png_ReturnsRgbPixelsRowByRow()
    {
        var png = Encode(3, 2, SKEncodedImageFormat.Png, (0, 0, new SKColor(255, 0, 0)), (2, 0, new SKColor(0, 255, 0)), (1, 1, new SKColor(0, 0, 255)));

        var pixels = Processors.Create("image_decode").Run(Image(png)).Single();

        Assert.Equal("pixels", pixels.Name);
        Assert.Equal([2L, 3L, 3L], pixels.Shape);
        Assert.Equal(
            new byte[] { 255, 0, 0, 255, 255, 255, 0, 255, 0, /* row 2 */ 255, 255, 255, 0, 0, 255, 255, 255, 255 },
            pixels.ToArray<byte>());
    }

    [Fact]
    public void Process_Jpeg_ReturnsRgbPixelsNearTheDrawnColours()
    {
        // JPEG is lossy: blocks of one colour come back within a few levels of it.
        var blocks = Enumerable.Range(0, 16).SelectMany(x => Enumerable.Range(0, 8).Select(y => (x, y, x < 8 ? new SKColor(200, 30, 30) : new SKColor(30, 30, 200)))).ToArray();
        var jpeg = Encode(16, 8, SKEncodedImageFormat.Jpeg, blocks);

        var pixels = Processors.Create("image_decode").Run(Image(jpeg)).Single();

        Assert.Equal([8L, 16L, 3L], pixels.Shape);
        var rgb = pixels.ToArray<byte>();
        Assert.All(new[] { (Row: 4, Column: 3, Colour: new byte[] { 200, 30, 30 }), (4, 12, [30, 30, 200]) }, probe =>
        {
            var at = ((probe.Row * 16) + probe.Column) * 3;
            for (var channel = 0; channel < 3; channel++)
            {
                Assert.InRange(rgb[at + channel], probe.Colour[channel] - 12, probe.Colour[channel] + 12);
            }
        });
    }

    [Fact]
    public void Process_NotAnImage_ThrowsInvalidArgument()
    {
        var error = Assert.Throws<InferenceException>(() => Processors.Create("image_decode").Run(Image([1, 2, 3, 4, 5])));

        Assert.Equal(InferenceErrorKind.InvalidArgument, error.Kind);
        Assert.Equal("input 'image' (5 bytes) is not a PNG or JPEG image", error.Message);
    }

    [Fact]
    public void Process_MorePixelsThanMaxPixels_ThrowsBeforeDecoding()
    {
        var jpeg = Encode(3, 2, SKEncodedImageFormat.Jpeg);

        var error = Assert.Throws<InferenceException>(() => Processors.Create("image_decode", null, ("max_pixels", "5")).Run(Image(jpeg)));

        Assert.Equal("input 'image' is 3x2 = 6 pixels, more than the 5 this pipeline accepts (max_pixels)", error.Message);
    }

    [Fact]
    public void Process_TruncatedPng_ThrowsInvalidArgument()
    {
        var png = Encode(200, 100, SKEncodedImageFormat.Png, (5, 5, SKColors.Black), (150, 90, SKColors.Red));

        var error = Assert.Throws<InferenceException>(() => Processors.Create("image_decode").Run(Image(png[..(png.Length - 40)])));

        Assert.Equal($"input 'image' is a truncated Png file ({png.Length - 40} bytes for a 200x100 image)", error.Message);
    }

    private static TensorPayload Image(byte[] file) => BytesTensor.Create("image", [1], [file]);

    private static byte[] Encode(int width, int height, SKEncodedImageFormat format, params (int X, int Y, SKColor Color)[] pixels)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        bitmap.Erase(SKColors.White);
        foreach (var (x, y, color) in pixels)
        {
            bitmap.SetPixel(x, y, color);
        }

        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(format, 100);
        return data.ToArray();
    }
}
