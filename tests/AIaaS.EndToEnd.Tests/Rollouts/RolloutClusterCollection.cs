namespace AIaaS.EndToEnd.Tests.Rollouts;

/// <summary>The rollout and autoscaling test classes share one cluster.</summary>
[CollectionDefinition(Name)]
public sealed class RolloutClusterCollection : ICollectionFixture<RolloutClusterFixture>
{
    public const string Name = "rollout cluster";
}
