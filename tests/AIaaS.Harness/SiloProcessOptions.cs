namespace AIaaS.Testing;

/// <summary>How <see cref="SiloProcess"/> starts a silo; ports are always fresh loopback ports.</summary>
public sealed record SiloProcessOptions
{
    /// <summary>Where embedded mode keeps grain state (<c>--AIaaS:DataDirectory</c>).</summary>
    public required string DataDirectory { get; init; }

    /// <summary><c>--AIaaS:ModelRepository</c>; the repository's real models by default.</summary>
    public string ModelRepository { get; init; } = RepositoryPaths.Models;

    /// <summary><c>host:port</c> of Redis; null runs the silo in embedded mode.</summary>
    public string? Redis { get; init; }

    public string Role { get; init; } = "all";

    public string ClusterId { get; init; } = "aiaas";

    /// <summary>More <c>--key=value</c> switches, appended last so they win.</summary>
    public IReadOnlyList<string> ExtraArguments { get; init; } = [];

    /// <summary>URLs the silo binds besides its HTTP port (the harness's readiness checks use the HTTP one).</summary>
    public IReadOnlyList<string> ExtraUrls { get; init; } = [];

    /// <summary>
    /// False: start returns once <c>/v2/health/live</c> answers 200, for tests of a silo that is
    /// not meant to become ready.
    /// </summary>
    public bool WaitForReady { get; init; } = true;

    /// <summary>How long the silo may take to answer <c>/v2/health/ready</c> with 200.</summary>
    public TimeSpan ReadyTimeout { get; init; } = TimeSpan.FromSeconds(60);
}
