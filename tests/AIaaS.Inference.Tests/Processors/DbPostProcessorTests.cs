using AIaaS.Tensors;

namespace AIaaS.Inference.Tests.Processors;

public sealed class DbPostProcessorTests
{
    [Fact]
    public void Process_OneRegion_ReturnsItsRectangleGrownByTheUnclipDistance()
    {
        var map = Map(64, 64, (10, 20, 29, 27));

        var outputs = Processors.Create("db_postprocess").Run(map, Size(64, 64));

        // The region spans 19 x 7 pixel centres; grown by 7 * 19 * 1.5 / (2 * 26) = 3.84 on each side, then rounded.
        Assert.Equal([1L, 4L, 2L], outputs[0].Shape);
        Assert.Equal([6f, 16f, 33f, 16f, 33f, 31f, 6f, 31f], outputs[0].ToArray<float>());
        Assert.Equal([1f], outputs[1].ToArray<float>());
    }

    [Fact]
    public void Process_SourceTwiceTheMap_ScalesTheBoxToTheSource()
    {
        var outputs = Processors.Create("db_postprocess").Run(Map(64, 64, (10, 20, 29, 27)), Size(128, 128));

        Assert.Equal([12f, 32f, 66f, 32f, 66f, 62f, 12f, 62f], outputs[0].ToArray<float>());
    }

    [Fact]
    public void Process_RegionThinnerThanMinSize_IsDropped()
    {
        var outputs = Processors.Create("db_postprocess").Run(Map(64, 64, (10, 20, 40, 21)), Size(64, 64));

        Assert.Equal([0L, 4L, 2L], outputs[0].Shape);
        Assert.Empty(outputs[1].ToArray<float>());
    }

    [Fact]
    public void Process_TwoRegionsOnOneRow_ReturnsThemLeftToRight()
    {
        // The right one starts 4 pixels higher: within 10 pixels, so it is on the same row and comes second.
        var outputs = Processors.Create("db_postprocess").Run(Map(64, 96, (50, 16, 80, 24), (5, 20, 35, 28)), Size(64, 96));

        var boxes = outputs[0].ToArray<float>();
        Assert.Equal(2, outputs[0].Shape[0]);
        Assert.True(boxes[0] < boxes[8], $"first box starts at x {boxes[0]}, second at {boxes[8]}");
    }

    [Fact]
    public void Process_RegionBelowBoxThreshold_IsDropped()
    {
        var map = Map(64, 64, (10, 20, 29, 27));
        var values = map.ToArray<float>().Select(v => v * 0.5f).ToArray();

        var outputs = Processors.Create("db_postprocess").Run(Tensor.Create<float>("maps", map.Shape, values), Size(64, 64));

        Assert.Equal(0, outputs[0].Shape[0]);
    }

    private static TensorPayload Map(int height, int width, params (int X0, int Y0, int X1, int Y1)[] regions)
    {
        var values = new float[height * width];
        foreach (var (x0, y0, x1, y1) in regions)
        {
            for (var y = y0; y <= y1; y++)
            {
                for (var x = x0; x <= x1; x++)
                {
                    values[(y * width) + x] = 1f;
                }
            }
        }

        return Tensor.Create<float>("maps", [1, 1, height, width], values);
    }

    private static TensorPayload Size(long height, long width) => Tensor.Create<long>("source_size", [2], [height, width]);
}
