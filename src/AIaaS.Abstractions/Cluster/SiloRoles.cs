namespace AIaaS.Cluster;

/// <summary>Values of <c>AIaaS:Role</c>: what a silo does in the cluster.</summary>
internal static class SiloRoles
{
    /// <summary>Serves HTTP and hosts no replicas.</summary>
    public const string Front = "front";

    /// <summary>Hosts replicas; serves only health and metrics over HTTP.</summary>
    public const string Worker = "worker";

    /// <summary>Both: the single-node default.</summary>
    public const string All = "all";

    public static bool IsValid(string role) => role is Front or Worker or All;
}
