using AIaaS.Testing;
using Microsoft.Extensions.Options;

namespace AIaaS.Http.Tests;

/// <summary>A bad setting stops the silo at start, naming every bad key at once.</summary>
public sealed class SiloSettingsTests
{
    [Fact(Timeout = 60_000)]
    public async Task Start_BadRoleAcceleratorAndAddress_FailsNamingEachKey()
    {
        using var models = new TemporaryDirectory("models");
        using var data = new TemporaryDirectory("data");

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => SiloHost.StartAsync(models.Path, data.Path, settings: new Dictionary<string, string>
        {
            ["AIaaS:Role"] = "leader",
            ["AIaaS:Accelerator"] = "gpu",
            ["AIaaS:Address"] = "not-an-address",
            ["AIaaS:GpuMemoryMb"] = "-1",
        }));

        Assert.Contains("AIaaS:Role is 'leader'", error.Message);
        Assert.Contains("AIaaS:Accelerator is 'gpu'; expected cuda or cpu", error.Message);
        Assert.Contains("AIaaS:Address is 'not-an-address'", error.Message);
        Assert.Contains("AIaaS:GpuMemoryMb is -1", error.Message);
    }

    [Fact(Timeout = 60_000)]
    public async Task Start_TlsHalfConfigured_FailsNamingWhatIsMissing()
    {
        using var models = new TemporaryDirectory("models");
        using var data = new TemporaryDirectory("data");

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => SiloHost.StartAsync(models.Path, data.Path, settings: new Dictionary<string, string>
        {
            ["AIaaS:Tls:Certificate"] = Path.Combine(data.Path, "silo.pem"),
        }));

        Assert.Contains($"AIaaS:Tls:Certificate is '{Path.Combine(data.Path, "silo.pem")}', which does not exist", error.Message);
        Assert.Contains("AIaaS:Tls:Key is not set: mutual TLS needs Certificate, Key and Authority together", error.Message);
        Assert.Contains("AIaaS:Tls:Authority is not set", error.Message);
    }

    [Fact(Timeout = 60_000)]
    public async Task Start_MissingModelRepository_FailsNamingTheResolvedPath()
    {
        using var data = new TemporaryDirectory("data");
        // Relative, as the README's default "models" is: resolved against the working directory.
        var relative = "no-such-models-" + Guid.NewGuid().ToString("N")[..8];

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => SiloHost.StartAsync(relative, data.Path));

        Assert.Contains(
            $"AIaaS:ModelRepository is '{relative}': no directory {Path.Combine(Environment.CurrentDirectory, relative)} (relative paths resolve against the working directory, {Environment.CurrentDirectory})",
            error.Failures);
    }

    [Fact(Timeout = 60_000)]
    public async Task Start_ZeroShutdownTimeout_FailsNamingTheKey()
    {
        using var models = new TemporaryDirectory("models");
        using var data = new TemporaryDirectory("data");

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => SiloHost.StartAsync(models.Path, data.Path, settings: new Dictionary<string, string>
        {
            ["AIaaS:ShutdownTimeout"] = "00:00:00",
        }));

        Assert.Contains("AIaaS:ShutdownTimeout is 00:00:00; expected more than 0 (e.g. 00:00:30)", error.Failures);
    }
}
