namespace AIaaS.Routing;

/// <summary>
/// Picks two distinct replicas at random and takes the one with fewer requests in flight:
/// nearly the balance of least-loaded without every router herding onto the same replica.
/// </summary>
internal sealed class PowerOfTwoChoicesReplicaPolicy(Random random) : IReplicaSelectionPolicy
{
    public PowerOfTwoChoicesReplicaPolicy()
        : this(Random.Shared)
    {
    }

    public int Choose(ReadOnlySpan<int> outstanding, int exclude = -1)
    {
        var count = outstanding.Length;
        if (count == 1)
        {
            return 0;
        }

        if (exclude >= count)
        {
            exclude = -1;
        }

        // Draws are over the candidates (every replica but the excluded one), then mapped to indexes.
        var candidates = exclude < 0 ? count : count - 1;
        var a = random.Next(candidates);
        if (candidates == 1)
        {
            return Map(a, exclude);
        }

        var b = random.Next(candidates - 1);
        if (b >= a)
        {
            b++;
        }

        var first = Map(a, exclude);
        var second = Map(b, exclude);
        return outstanding[second] < outstanding[first] ? second : first;
    }

    private static int Map(int candidate, int exclude) => exclude >= 0 && candidate >= exclude ? candidate + 1 : candidate;
}
