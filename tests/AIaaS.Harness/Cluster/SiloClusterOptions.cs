namespace AIaaS.Testing.Cluster;

/// <summary>How <see cref="SiloCluster"/> starts its silo processes.</summary>
public sealed record SiloClusterOptions
{
    /// <summary>Worker silos started before the front.</summary>
    public int Workers { get; init; } = 3;

    /// <summary>More <c>--key=value</c> switches for every worker, e.g. a simulated accelerator.</summary>
    public IReadOnlyList<string> WorkerArguments { get; init; } = [];

    /// <summary>More <c>--key=value</c> switches for every silo, front and workers, e.g. log levels.</summary>
    public IReadOnlyList<string> ExtraArguments { get; init; } = [];

    /// <summary>Redis's password; null for none.</summary>
    public string? RedisPassword { get; init; }

    /// <summary>Redis serves TLS only, with certificates of this authority, and requires a client certificate of it; null for plain TCP.</summary>
    public TestCertificateAuthority? RedisAuthority { get; init; }

    /// <summary>How long the front may take to see every silo active with its profile.</summary>
    public TimeSpan ClusterViewTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How long each silo process may take to answer its readiness probe (a loaded machine starts silos slowly).</summary>
    public TimeSpan SiloReadyTimeout { get; init; } = TimeSpan.FromSeconds(60);
}
