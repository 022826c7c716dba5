namespace AIaaS.Cluster;

/// <summary>
/// The keys every silo declares through Orleans silo metadata. Placement reads them from
/// whichever silo decides, so a front silo places a replica on a GPU worker by these values,
/// not by its own.
/// </summary>
internal static class SiloMetadataKeys
{
    /// <summary><see cref="SiloRoles"/>: front, worker or all.</summary>
    public const string Role = "aiaas.role";

    /// <summary><see cref="SiloAccelerators"/>: cuda or cpu.</summary>
    public const string Accelerator = "aiaas.accelerator";

    /// <summary>Number of GPUs; 0 on a cpu silo.</summary>
    public const string GpuCount = "aiaas.gpu.count";

    /// <summary>GPU memory in MiB across the silo's GPUs: the budget replica placement fills.</summary>
    public const string GpuMemoryMb = "aiaas.gpu.memory_mb";
}
