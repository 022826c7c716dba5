using AIaaS.Cluster;

namespace AIaaS.Hosting;

/// <summary>
/// The silo's settings, bound from the <c>AIaaS</c> configuration section, so each is also a
/// command-line switch (<c>--AIaaS:Role=worker</c>) and an environment variable (<c>AIaaS__Role</c>).
/// </summary>
public sealed class AIaaSSiloOptions
{
    public const string SectionName = "AIaaS";

    /// <summary><c>all</c> (default), <c>front</c> or <c>worker</c>.</summary>
    public string Role { get; set; } = SiloRoles.All;

    /// <summary>The model repository, in Triton's layout.</summary>
    public string ModelRepository { get; set; } = "models";

    /// <summary>Where embedded mode keeps grain state.</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary><c>host:port</c> of Redis; set, it switches from embedded mode to Redis clustering and storage.</summary>
    public string? Redis { get; set; }

    /// <summary>
    /// The address a Redis-mode silo binds its Orleans endpoints to and advertises to the cluster:
    /// loopback by default, so a local run never listens beyond this machine; a node's own address
    /// in a multi-machine cluster.
    /// </summary>
    public string Address { get; set; } = "127.0.0.1";

    public int SiloPort { get; set; } = 11111;

    public int GatewayPort { get; set; } = 30000;

    public string ClusterId { get; set; } = "aiaas";

    public string ServiceId { get; set; } = "aiaas";

    /// <summary><c>cuda</c> or <c>cpu</c>; unset, it is detected (CUDA provider built in and a device present).</summary>
    public string? Accelerator { get; set; }

    /// <summary>GPU memory in MiB that replicas may fill; unset, the detected devices' total.</summary>
    public int? GpuMemoryMb { get; set; }

    /// <summary>Number of GPUs; unset, the detected count (at least 1 on a silo declared cuda).</summary>
    public int? GpuCount { get; set; }

    /// <summary>How replicas create their ONNX Runtime sessions (<c>AIaaS:Onnx:*</c>).</summary>
    public OnnxRuntimeSettings Onnx { get; set; } = new();

    /// <summary>
    /// Ready (<c>/v2/health/ready</c>) only once every model this silo should serve has a ready
    /// version, not just once the silo joined and registered its models.
    /// </summary>
    public bool StrictReadiness { get; set; }

    /// <summary>
    /// How long a graceful stop (SIGTERM) may take: in-flight requests, leaving the membership and
    /// deactivating replicas. Past it the silo logs why and exits, e.g. when Redis is unreachable
    /// and every membership write would wait out Orleans' own timeouts.
    /// </summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long the silo must be quiet after a burst before its memory is given back to the
    /// operating system (one aggressive collection); 0 never does. Silo executable only.
    /// </summary>
    public TimeSpan IdleMemoryTrim { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Default queue bound and queue deadline of every replica (<c>AIaaS:Admission:*</c>).</summary>
    public Grains.Batching.AdmissionOptions Admission { get; set; } = new();

    /// <summary>API keys and the bootstrap admin key (<c>AIaaS:Auth:*</c>).</summary>
    public AIaaSAuthSettings Auth { get; set; } = new();

    /// <summary>Mutual TLS between silos and from SDK clients (<c>AIaaS:Tls:*</c>).</summary>
    public AIaaSTlsSettings Tls { get; set; } = new();

    /// <summary>Redis over TLS with a private authority or a client certificate (<c>AIaaS:RedisTls:*</c>).</summary>
    public AIaaSRedisTlsSettings RedisTls { get; set; } = new();

    /// <summary>The HTTP URLs the host binds (ASP.NET Core's <c>urls</c>), read with the section; not a setting of its own.</summary>
    public IReadOnlyList<string> HttpUrls { get; set; } = [];

    public bool IsRedisMode => !string.IsNullOrWhiteSpace(Redis);

    public bool HostsReplicas => Role is SiloRoles.Worker or SiloRoles.All;

    public bool ServesInference => Role is SiloRoles.Front or SiloRoles.All;
}
