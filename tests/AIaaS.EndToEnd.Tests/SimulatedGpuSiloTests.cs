using System.Text.RegularExpressions;

namespace AIaaS.EndToEnd.Tests;

/// <summary>A silo declared cuda without CUDA: it says so in the cluster view, in its metrics and in its log.</summary>
public sealed partial class SimulatedGpuSiloTests(SimulatedGpuSiloFixture fixture) : IClassFixture<SimulatedGpuSiloFixture>
{
    [Fact(Timeout = 60_000)]
    public async Task GetCluster_SimulatedGpuSilo_ShowsCudaWithDeclaredGpuMemory()
    {
        using var http = new OipHttp(fixture.Silo);

        var silo = Assert.Single((await http.GetOkAsync("admin/cluster")).GetProperty("silos").EnumerateArray());

        Assert.Equal("all", silo.GetProperty("role").GetString());
        Assert.Equal("cuda", silo.GetProperty("accelerator").GetString());
        // No GpuCount given and no device detected: a silo declared cuda counts at least one GPU.
        Assert.Equal(1, silo.GetProperty("gpu_count").GetInt32());
        Assert.Equal(SimulatedGpuSiloFixture.GpuMemoryMb, silo.GetProperty("gpu_memory_mb").GetInt32());
        Assert.Equal("active", silo.GetProperty("status").GetString());
    }

    [Fact(Timeout = 60_000)]
    public async Task GetMetrics_SimulatedGpuSilo_SiloInfoSaysCudaExecutingOnCpu()
    {
        using var http = new OipHttp(fixture.Silo);

        var text = await http.GetTextAsync("metrics");

        Assert.True(SimulatedSiloInfoLine().IsMatch(text), $"no aiaas_silo_info line with accelerator=\"cuda\" and execution_provider=\"CPU\":\n{text}");
    }

    [Fact(Timeout = 60_000)]
    public async Task Log_SimulatedGpuSilo_WarnsItExecutesOnCpu()
    {
        // Logged at start, before the silo was ready; the console logger writes from a queue.
        for (var attempt = 0; attempt < 50 && !Warned(); attempt++)
        {
            await Task.Delay(100);
        }

        Assert.True(Warned(), $"no simulated-GPU warning in the silo's output:\n{fixture.Silo.Describe()}");

        bool Warned() => fixture.Silo.Output.ToString().Contains("it is a simulated GPU silo and executes on CPU", StringComparison.Ordinal);
    }

    [GeneratedRegex("""^aiaas_silo_info\{(?=[^}]*accelerator="cuda")(?=[^}]*execution_provider="CPU")(?=[^}]*gpu_memory_mb="8000")[^}]*\} 1""", RegexOptions.Multiline)]
    private static partial Regex SimulatedSiloInfoLine();
}
