using System.Diagnostics;
using System.Globalization;

namespace AIaaS.Inference.Execution;

/// <summary>What this machine offers ONNX Runtime for CUDA: the provider in the package, and the devices.</summary>
internal sealed record CudaDevices(bool ProviderBuilt, int Count, int MemoryMb)
{
    /// <summary>CUDA is usable: the provider is built in and at least one device answers.</summary>
    public bool Usable => ProviderBuilt && Count > 0;

    /// <summary>
    /// Asks ONNX Runtime for its providers and <c>nvidia-smi</c> for devices and their memory.
    /// No <c>nvidia-smi</c> (or one that fails) means no device.
    /// </summary>
    public static CudaDevices Detect()
    {
        var built = ExecutionProviders.IsCudaBuilt();
        var memory = QueryDeviceMemoryMb();
        return new CudaDevices(built, memory.Count, memory.Sum());
    }

    private static List<int> QueryDeviceMemoryMb()
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo("nvidia-smi", "--query-gpu=memory.total --format=csv,noheader,nounits")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            });
            if (process is null)
            {
                return [];
            }

            var output = process.StandardOutput.ReadToEnd();
            if (!process.WaitForExit(TimeSpan.FromSeconds(10)) || process.ExitCode != 0)
            {
                return [];
            }

            return output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(line => int.TryParse(line, NumberStyles.None, CultureInfo.InvariantCulture, out var mb) ? mb : -1)
                .Where(mb => mb >= 0)
                .ToList();
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // nvidia-smi is not installed: no NVIDIA driver, no device.
            return [];
        }
    }
}
