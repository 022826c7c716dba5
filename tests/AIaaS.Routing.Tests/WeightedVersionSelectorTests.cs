using AIaaS.Models;

namespace AIaaS.Routing.Tests;

public sealed class WeightedVersionSelectorTests
{
    [Fact]
    public void Choose_NoWeight_MinusOne()
    {
        Assert.Equal(-1, WeightedVersionSelector.Choose([], new Random(1)));
        Assert.Equal(-1, WeightedVersionSelector.Choose([new RoutedVersion(1, 0, 1)], new Random(1)));
    }

    [Fact]
    public void Choose_AllWeightOnOne_AlwaysIt()
    {
        RoutedVersion[] versions = [new(1, 0, 1), new(2, 100, 1)];
        var random = new Random(9);

        for (var i = 0; i < 100; i++)
        {
            Assert.Equal(1, WeightedVersionSelector.Choose(versions, random));
        }
    }

    [Fact]
    public void Choose_CanarySplit_FollowsTheWeights()
    {
        RoutedVersion[] versions = [new(1, 90, 1), new(2, 10, 1)];
        var random = new Random(2024);
        var canary = 0;

        for (var i = 0; i < 10_000; i++)
        {
            canary += WeightedVersionSelector.Choose(versions, random);
        }

        Assert.InRange(canary, 900, 1100);
    }
}
