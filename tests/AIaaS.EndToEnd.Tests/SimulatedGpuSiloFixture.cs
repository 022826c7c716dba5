using AIaaS.Testing;

namespace AIaaS.EndToEnd.Tests;

/// <summary>
/// A silo process declared a GPU silo on a machine without one (<c>--AIaaS:Accelerator=cuda
/// --AIaaS:GpuMemoryMb=8000</c>): placement treats it as cuda, its replicas execute on CPU.
/// </summary>
public sealed class SimulatedGpuSiloFixture : IAsyncLifetime
{
    public const int GpuMemoryMb = 8000;

    private readonly TemporaryDirectory _data = new("aiaas-e2e-simulated-gpu");
    private SiloProcess? _silo;

    public SiloProcess Silo => _silo ?? throw new InvalidOperationException("the silo has not started");

    public async Task InitializeAsync()
    {
        _silo = await SiloProcess.StartAsync(new SiloProcessOptions
        {
            DataDirectory = _data.Path,
            ClusterId = $"e2e-gpu-{Guid.NewGuid():N}",
            ExtraArguments = ["--AIaaS:Accelerator=cuda", $"--AIaaS:GpuMemoryMb={GpuMemoryMb}"],
        });
    }

    public async Task DisposeAsync()
    {
        if (_silo is not null)
        {
            await _silo.StopAsync();
            await _silo.DisposeAsync();
        }

        _data.Dispose();
    }
}
