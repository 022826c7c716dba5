using AIaaS.Cluster;
using AIaaS.Inference.Execution;

namespace AIaaS.Hosting.Accelerators;

/// <summary>Builds the profile a silo declares: its role, and its accelerator as detected or as configured.</summary>
internal static class SiloProfiles
{
    /// <summary>
    /// <c>AIaaS:Accelerator</c> and <c>AIaaS:GpuMemoryMb</c> override detection, so a test can
    /// declare a simulated GPU silo on a machine without one (it still executes on CPU).
    /// </summary>
    public static SiloProfile Create(AIaaSSiloOptions options, CudaDevices devices)
    {
        var accelerator = options.Accelerator ?? (devices.Usable ? SiloAccelerators.Cuda : SiloAccelerators.Cpu);
        var isCuda = accelerator == SiloAccelerators.Cuda;
        var gpuCount = isCuda ? options.GpuCount ?? Math.Max(devices.Count, 1) : 0;
        var gpuMemory = isCuda ? options.GpuMemoryMb ?? devices.MemoryMb : 0;
        return new SiloProfile(options.Role, accelerator, gpuCount, gpuMemory);
    }
}
