namespace AIaaS.Routing;

/// <summary>One model's routing table as a router holds it, with the router's own count of requests in flight per replica.</summary>
internal sealed class ModelRoute
{
    private readonly int[][] _outstanding;

    public ModelRoute(RoutingTable table, long fetchedAt)
    {
        Table = table;
        FetchedAt = fetchedAt;
        _outstanding = new int[table.Versions.Count][];
        for (var i = 0; i < _outstanding.Length; i++)
        {
            _outstanding[i] = new int[Math.Max(1, table.Versions[i].Replicas)];
        }
    }

    public RoutingTable Table { get; }

    /// <summary>Timestamp (<see cref="TimeProvider.GetTimestamp"/>) of the fetch.</summary>
    public long FetchedAt { get; }

    /// <summary>Set while one caller refreshes a stale table, so others keep using this one.</summary>
    public int Refreshing;

    public int IndexOf(int version)
    {
        for (var i = 0; i < Table.Versions.Count; i++)
        {
            if (Table.Versions[i].Version == version)
            {
                return i;
            }
        }

        return -1;
    }

    public ReadOnlySpan<int> Outstanding(int versionIndex) => _outstanding[versionIndex];

    public void Enter(int versionIndex, int replica) => Interlocked.Increment(ref _outstanding[versionIndex][replica]);

    public void Exit(int versionIndex, int replica) => Interlocked.Decrement(ref _outstanding[versionIndex][replica]);

    /// <summary>
    /// Weighs a replica as if <see cref="SuspectLoad"/> more requests were in flight on it, so
    /// the power-of-two choice passes it over for any healthy one.
    /// </summary>
    public void Suspect(int versionIndex, int replica) => Interlocked.Add(ref _outstanding[versionIndex][replica], SuspectLoad);

    public void Clear(int versionIndex, int replica) => Interlocked.Add(ref _outstanding[versionIndex][replica], -SuspectLoad);

    private const int SuspectLoad = 1_000_000;
}
