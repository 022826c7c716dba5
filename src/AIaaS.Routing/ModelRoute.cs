using AIaaS.Models;

namespace AIaaS.Routing;

/// <summary>One model's routing table as a router holds it, with the router's own count of requests in flight per replica.</summary>
internal sealed class ModelRoute
{
    private readonly int[][] _outstanding;
    // Grain references per version and replica, made on first use: a reference is immutable, and
    // making one per request (formatting its key, resolving the interface) costs more than the call's routing.
    private readonly IModelReplicaGrain?[][] _replicas;

    public ModelRoute(RoutingTable table, long fetchedAt)
    {
        Table = table;
        FetchedAt = fetchedAt;
        _outstanding = new int[table.Versions.Count][];
        for (var i = 0; i < _outstanding.Length; i++)
        {
            _outstanding[i] = new int[Math.Max(1, table.Versions[i].Replicas)];
        }

        ShadowIndex = -1;
        for (var i = 0; i < table.Versions.Count; i++)
        {
            if (table.Versions[i].Shadow > 0)
            {
                ShadowIndex = i;
            }
        }

        _replicas = new IModelReplicaGrain?[_outstanding.Length][];
        for (var i = 0; i < _replicas.Length; i++)
        {
            _replicas[i] = new IModelReplicaGrain?[_outstanding[i].Length];
        }
    }

    public RoutingTable Table { get; }

    /// <summary>Timestamp (<see cref="TimeProvider.GetTimestamp"/>) of the fetch.</summary>
    public long FetchedAt { get; }

    /// <summary>The version that receives copies of requests (a rollout's shadow step), or -1.</summary>
    public int ShadowIndex { get; }

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

    /// <summary>The replica grain of a version; racing first calls may each make one, all equal.</summary>
    public IModelReplicaGrain Replica(IGrainFactory grains, int versionIndex, int replica) =>
        _replicas[versionIndex][replica] ??= grains.GetGrain<IModelReplicaGrain>(ReplicaKey.Format(Table.Model, Table.Versions[versionIndex].Version, replica));

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
