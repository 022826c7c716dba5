namespace AIaaS.Testing.Cluster;

/// <summary>One silo of <see cref="ClusterSnapshot"/>.</summary>
/// <param name="Address"><c>ip:port@generation</c>.</param>
/// <param name="Port">The silo port of <paramref name="Address"/>: which <see cref="SiloProcess"/> it is.</param>
/// <param name="Role"><c>front</c>, <c>worker</c>, <c>all</c>, or <c>unknown</c> before its metadata arrived and once dead.</param>
/// <param name="Status">Orleans' membership status in snake_case (<c>active</c>, <c>dead</c>, ...).</param>
public sealed record ClusterSnapshotSilo(string Address, int Port, string Role, string Accelerator, string Status, IReadOnlyList<ClusterSnapshotReplica> Replicas)
{
    public bool IsActive => Status == "active";

    /// <summary>Whether this entry is <paramref name="silo"/>'s (by silo port: every process has its own).</summary>
    public bool Is(SiloProcess silo)
    {
        ArgumentNullException.ThrowIfNull(silo);
        return Port == silo.SiloPort;
    }
}
