using AIaaS.Tensors;

namespace AIaaS.Inference.Tests.Processors;

public sealed class ImageProcessorTests
{
    [Fact]
    public void ResizeNormalize_100x50Image_RoundsSidesToMultiplesOf32AndNormalisesBgrPlanes()
    {
        var pixels = Uniform(50, 100, 255, 0, 0);

        var outputs = Processors.Create("resize_normalize").Run(pixels);

        Assert.Equal([1L, 3L, 64L, 96L], outputs[0].Shape);
        Assert.Equal([50L, 100L], outputs[1].ToArray<long>());
        var planes = outputs[0].ToArray<float>();
        var plane = 64 * 96;
        // BGR: blue (0) first with mean 0.485, std 0.229; red (255) last with mean 0.406, std 0.225.
        Assert.All(planes[..plane], v => Assert.Equal(-0.485f / 0.229f, v, 4));
        Assert.All(planes[(2 * plane)..], v => Assert.Equal((1f - 0.406f) / 0.225f, v, 4));
    }

    [Fact]
    public void ResizeNormalize_LongSideOverLimit_ScalesItToTheLimit()
    {
        var outputs = Processors.Create("resize_normalize", null, ("limit_side_len", "64")).Run(Uniform(100, 200, 0, 0, 0));

        Assert.Equal([1L, 3L, 32L, 64L], outputs[0].Shape);
    }

    [Fact]
    public void CropLines_FixedWidth_KeepsTheBoxAspectAndPadsWithZeros()
    {
        var pixels = Uniform(40, 80, 128, 128, 128);
        // A 20 x 10 box: 96 columns at height 48, then zeros up to 192.
        float[] box = [10, 10, 30, 10, 30, 20, 10, 20];

        var lines = Processors.Create("crop_lines", null, ("width", "192")).Run(pixels, Tensor.Create<float>("boxes", [1, 4, 2], box)).Single();

        Assert.Equal([1L, 3L, 48L, 192L], lines.Shape);
        var values = lines.ToArray<float>();
        var grey = ((128f / 255f) - 0.5f) / 0.5f;
        for (var c = 0; c < 3; c++)
        {
            for (var y = 0; y < 48; y++)
            {
                var row = ((c * 48) + y) * 192;
                Assert.All(values[row..(row + 96)], v => Assert.Equal(grey, v, 4));
                Assert.All(values[(row + 96)..(row + 192)], v => Assert.Equal(0f, v));
            }
        }
    }

    [Fact]
    public void CropLines_VariableWidth_TakesTheWidestLineAtLeastMinWidth()
    {
        var pixels = Uniform(40, 400, 0, 0, 0);
        // 300 x 10 at height 48 is 1440 columns; 20 x 10 is 96.
        float[] boxes = [10, 10, 310, 10, 310, 20, 10, 20, /* second */ 10, 25, 30, 25, 30, 35, 10, 35];

        var lines = Processors.Create("crop_lines").Run(pixels, Tensor.Create<float>("boxes", [2, 4, 2], boxes)).Single();

        Assert.Equal([2L, 3L, 48L, 1440L], lines.Shape);
    }

    [Fact]
    public void CropLines_NoBoxes_ReturnsNoLinesAtMinWidth()
    {
        var lines = Processors.Create("crop_lines").Run(Uniform(10, 10, 0, 0, 0), Tensor.Create<float>("boxes", [0, 4, 2], [])).Single();

        Assert.Equal([0L, 3L, 48L, 320L], lines.Shape);
    }

    private static TensorPayload Uniform(int height, int width, byte r, byte g, byte b)
    {
        var data = new byte[height * width * 3];
        for (var i = 0; i < data.Length; i += 3)
        {
            (data[i], data[i + 1], data[i + 2]) = (r, g, b);
        }

        return new TensorPayload("pixels", TensorDataType.UInt8, [height, width, 3], data);
    }
}
