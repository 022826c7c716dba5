using AIaaS.Grains.Rollouts;
using AIaaS.Tensors;

namespace AIaaS.Grains.Tests.Rollouts;

public sealed class OutputComparisonTests
{
    [Fact]
    public void Compare_ClassifierOutputs_MaxAbsDiffAndTop1PerRow()
    {
        var reference = Probabilities([0.9f, 0.1f, 0.4f, 0.6f, 0.5f, 0.5f]);
        var candidate = Probabilities([0.8f, 0.2f, 0.7f, 0.3f, 0.5f, 0.5f]);

        var comparison = OutputComparison.Compare([candidate], [reference]);

        Assert.Equal(0.3, comparison.MaxAbsDiff, precision: 6);
        Assert.Equal((3L, 2L), (comparison.Top1Rows, comparison.Top1Agreed));
    }

    [Fact]
    public void Compare_EqualOutputs_NoDifference()
    {
        var comparison = OutputComparison.Compare([Probabilities([0.25f, 0.75f])], [Probabilities([0.25f, 0.75f])]);

        Assert.Equal(new OutputComparison(0, 1, 1), comparison);
    }

    [Fact]
    public void Compare_MissingOrReshapedOutput_DiffersInfinitely()
    {
        var reference = Probabilities([0.25f, 0.75f]);
        var reshaped = Tensor.Create<float>("p", [2, 1], [0.25f, 0.75f]);
        var renamed = Tensor.Create<float>("q", [1, 2], [0.25f, 0.75f]);

        Assert.Equal(double.PositiveInfinity, OutputComparison.Compare([reshaped], [reference]).MaxAbsDiff);
        Assert.Equal(double.PositiveInfinity, OutputComparison.Compare([renamed], [reference]).MaxAbsDiff);
    }

    [Fact]
    public void Compare_NaNAgainstNumber_DiffersInfinitely()
    {
        var comparison = OutputComparison.Compare([Probabilities([float.NaN, 0.75f])], [Probabilities([0.25f, 0.75f])]);

        Assert.Equal(double.PositiveInfinity, comparison.MaxAbsDiff);
    }

    [Fact]
    public void Compare_IntegerOutputs_EqualOrInfinitelyDifferent()
    {
        var reference = Tensor.Create<long>("ids", [2], [1L, 2L]);

        Assert.Equal(0, OutputComparison.Compare([Tensor.Create<long>("ids", [2], [1L, 2L])], [reference]).MaxAbsDiff);
        Assert.Equal(double.PositiveInfinity, OutputComparison.Compare([Tensor.Create<long>("ids", [2], [1L, 3L])], [reference]).MaxAbsDiff);
    }

    private static TensorPayload Probabilities(float[] values) => Tensor.Create<float>("p", [values.Length / 2, 2], values);
}
