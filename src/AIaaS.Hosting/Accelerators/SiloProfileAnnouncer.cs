using System.Diagnostics.Metrics;
using AIaaS.Cluster;
using AIaaS.Grains.Diagnostics;
using AIaaS.Grains.Placement;
using AIaaS.Inference.Execution;
using Microsoft.Extensions.Logging;

namespace AIaaS.Hosting.Accelerators;

/// <summary>
/// Says what this silo declared and what its replicas will actually execute on, in the log
/// at start and as the <c>aiaas_silo_info</c> gauge: a silo declared cuda without a usable
/// CUDA device (a simulated GPU silo) says it executes on CPU. Beside it, the GPU memory budget
/// placement fills (<c>aiaas_gpu_memory_capacity_mebibytes</c>) and what this silo's replicas
/// take of it (<c>aiaas_gpu_memory_reserved_mebibytes</c>), and the replicas it hosts.
/// </summary>
internal sealed partial class SiloProfileAnnouncer : ILifecycleParticipant<ISiloLifecycle>
{
    private readonly SiloProfile _profile;
    private readonly CudaDevices _devices;
    private readonly ILogger<SiloProfileAnnouncer> _logger;

    public SiloProfileAnnouncer(SiloProfile profile, CudaDevices devices, LocalReplicaInventory inventory, IMeterFactory meters, ILogger<SiloProfileAnnouncer> logger)
    {
        _profile = profile;
        _devices = devices;
        _logger = logger;
        var meter = meters.Create(InferenceInstruments.MeterName);
        // Placement counts GPU memory on cuda silos only (ReplicaPlacementRules); so do these.
        var cuda = profile.Accelerator == SiloAccelerators.Cuda;
        meter.CreateObservableGauge("aiaas.gpu.memory.capacity", () => cuda ? profile.GpuMemoryMb : 0, "MiBy", "GPU memory placement may fill on this silo");
        meter.CreateObservableGauge("aiaas.gpu.memory.reserved", () => cuda ? inventory.Snapshot().Sum(r => r.GpuMemoryMb) : 0, "MiBy", "GPU memory the replicas on this silo declared (gpu_memory_mb)");
        meter.CreateObservableGauge("aiaas.silo.replicas", () => inventory.Snapshot().Count, "{replica}", "Replicas holding a loaded session on this silo, of every model");
        meter.CreateObservableGauge(
            "aiaas.silo.info",
            () => new Measurement<int>(1,
                new KeyValuePair<string, object?>("role", profile.Role),
                new KeyValuePair<string, object?>("accelerator", profile.Accelerator),
                new KeyValuePair<string, object?>("execution_provider", ExecutionProvider),
                new KeyValuePair<string, object?>("gpu_memory_mb", profile.GpuMemoryMb)),
            "{silo}",
            "This silo's declared role and accelerator, and where its replicas execute");
    }

    private string ExecutionProvider => _profile.Accelerator == SiloAccelerators.Cuda && _devices.Usable ? ExecutionProviders.Cuda : ExecutionProviders.Cpu;

    public void Participate(ISiloLifecycle lifecycle) => lifecycle.Subscribe(nameof(SiloProfileAnnouncer), ServiceLifecycleStage.RuntimeInitialize, _ =>
    {
        LogProfile(_logger, _profile.Role, _profile.Accelerator, _profile.GpuCount, _profile.GpuMemoryMb, ExecutionProvider);
        if (_profile.Accelerator == SiloAccelerators.Cuda && !_devices.Usable)
        {
            LogSimulated(_logger, _devices.ProviderBuilt, _devices.Count);
        }

        return Task.CompletedTask;
    });

    [LoggerMessage(Level = LogLevel.Information, Message = "Silo role {Role}, accelerator {Accelerator} ({GpuCount} GPU, {GpuMemoryMb} MiB); replicas execute on {ExecutionProvider}")]
    private static partial void LogProfile(ILogger logger, string role, string accelerator, int gpuCount, int gpuMemoryMb, string executionProvider);

    [LoggerMessage(Level = LogLevel.Warning, Message = "This silo is declared cuda but CUDA is not usable here (provider built in: {ProviderBuilt}, devices: {Devices}): it is a simulated GPU silo and executes on CPU")]
    private static partial void LogSimulated(ILogger logger, bool providerBuilt, int devices);
}
