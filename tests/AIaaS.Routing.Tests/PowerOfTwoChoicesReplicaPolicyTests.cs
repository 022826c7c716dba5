namespace AIaaS.Routing.Tests;

public sealed class PowerOfTwoChoicesReplicaPolicyTests
{
    [Fact]
    public void Choose_SingleReplica_ReturnsIt()
    {
        var policy = new PowerOfTwoChoicesReplicaPolicy(new Random(1));

        Assert.Equal(0, policy.Choose([5]));
        Assert.Equal(0, policy.Choose([5], exclude: 0));
    }

    [Fact]
    public void Choose_TwoReplicas_AlwaysTheLessLoaded()
    {
        var policy = new PowerOfTwoChoicesReplicaPolicy(new Random(7));

        for (var i = 0; i < 100; i++)
        {
            Assert.Equal(1, policy.Choose([9, 2]));
            Assert.Equal(0, policy.Choose([0, 3]));
        }
    }

    [Fact]
    public void Choose_ManyReplicas_NeverTheMostLoaded()
    {
        var policy = new PowerOfTwoChoicesReplicaPolicy(new Random(42));
        int[] outstanding = [1, 1, 100, 1];

        for (var i = 0; i < 1000; i++)
        {
            Assert.NotEqual(2, policy.Choose(outstanding));
        }
    }

    [Fact]
    public void Choose_Exclude_NeverReturnsExcluded()
    {
        var policy = new PowerOfTwoChoicesReplicaPolicy(new Random(3));
        int[] outstanding = [0, 0, 0];

        var seen = new HashSet<int>();
        for (var i = 0; i < 300; i++)
        {
            var choice = policy.Choose(outstanding, exclude: 1);
            Assert.NotEqual(1, choice);
            seen.Add(choice);
        }

        Assert.Equal([0, 2], seen.Order());
    }

    [Fact]
    public void Choose_ExcludeWithTwoReplicas_ReturnsTheOther()
    {
        var policy = new PowerOfTwoChoicesReplicaPolicy(new Random(5));

        for (var i = 0; i < 50; i++)
        {
            Assert.Equal(1, policy.Choose([0, 100], exclude: 0));
        }
    }

    [Fact]
    public void Choose_EqualLoad_SpreadsOverEveryReplica()
    {
        var policy = new PowerOfTwoChoicesReplicaPolicy(new Random(11));
        var counts = new int[4];

        for (var i = 0; i < 4000; i++)
        {
            counts[policy.Choose([0, 0, 0, 0])]++;
        }

        Assert.All(counts, c => Assert.InRange(c, 800, 1200));
    }
}
