namespace AIaaS.Cli.Remote;

/// <summary>One replica grain on a silo of <see cref="ClusterView"/>.</summary>
internal sealed record ClusterViewReplica(string Model, int Version, int Index);
