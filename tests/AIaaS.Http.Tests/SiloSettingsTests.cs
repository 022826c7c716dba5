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
}
