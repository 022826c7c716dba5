using AIaaS.Client;
using AIaaS.Testing.Cluster;

namespace AIaaS.Testing;

/// <summary>SDK options that reach a <see cref="SiloCluster"/>.</summary>
public static class ClusterClientOptions
{
    /// <summary>
    /// Finds the cluster's gateways through its Redis, under its cluster id; with
    /// <paramref name="redisTls"/>, also the authority and client certificate a TLS Redis requires.
    /// </summary>
    public static AIaaSClientOptions UseCluster(this AIaaSClientOptions options, SiloCluster cluster, bool redisTls = false)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(cluster);
        options.Redis = cluster.Redis.ConnectionString;
        options.ClusterId = cluster.ClusterId;
        if (redisTls)
        {
            options.RedisTlsAuthority = cluster.Redis.AuthorityPath;
            (options.RedisTlsCertificate, options.RedisTlsKey) = cluster.Redis.ClientCertificate;
        }

        return options;
    }
}
