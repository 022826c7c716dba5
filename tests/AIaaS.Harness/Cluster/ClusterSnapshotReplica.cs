namespace AIaaS.Testing.Cluster;

/// <summary>One replica grain as <c>GET /admin/cluster</c> lists it under its silo.</summary>
public sealed record ClusterSnapshotReplica(string Model, int Version, int Index);
