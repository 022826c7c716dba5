using AIaaS.Repository;
using AIaaS.Models;

namespace AIaaS.Inference.Tests.Repository;

public sealed class VersionSelectionTests
{
    private static readonly int[] OnDisk = [3, 1, 10, 2];

    [Fact]
    public void Select_NoPolicy_NewestOnly()
    {
        Assert.Equal([10], VersionSelection.Select(null, OnDisk));
    }

    [Fact]
    public void Select_LatestTwo_NewestTwoAscending()
    {
        var policy = new VersionPolicy { Latest = new LatestVersionPolicy(2) };

        Assert.Equal([3, 10], VersionSelection.Select(policy, OnDisk));
    }

    [Fact]
    public void Select_LatestMoreThanAvailable_Every()
    {
        var policy = new VersionPolicy { Latest = new LatestVersionPolicy(9) };

        Assert.Equal([1, 2, 3, 10], VersionSelection.Select(policy, OnDisk));
    }

    [Fact]
    public void Select_All_EveryAscending()
    {
        var policy = new VersionPolicy { All = new AllVersionPolicy() };

        Assert.Equal([1, 2, 3, 10], VersionSelection.Select(policy, OnDisk));
    }

    [Fact]
    public void Select_Specific_ListedAndPresentOnly()
    {
        var policy = new VersionPolicy { Specific = new SpecificVersionPolicy([10, 1, 7]) };

        Assert.Equal([1, 10], VersionSelection.Select(policy, OnDisk));
        Assert.Equal([7], VersionSelection.Missing(policy, OnDisk));
    }

    [Fact]
    public void Select_NothingOnDisk_Empty()
    {
        Assert.Empty(VersionSelection.Select(null, []));
    }

    [Fact]
    public void Select_Definition_ArtifactsOfPolicy()
    {
        var model = new ModelDefinition(
            new ModelConfig { Name = "m", VersionPolicy = new VersionPolicy { Latest = new LatestVersionPolicy(2) } },
            [new ModelVersionArtifact(1, "a"), new ModelVersionArtifact(2, "b"), new ModelVersionArtifact(3, "c")]);

        Assert.Equal([new ModelVersionArtifact(2, "b"), new ModelVersionArtifact(3, "c")], VersionSelection.Select(model));
    }
}
