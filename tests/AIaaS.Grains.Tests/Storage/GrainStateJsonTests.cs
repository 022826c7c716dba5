using AIaaS.Hosting;
using AIaaS.Rollouts;
using AIaaS.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Storage;

namespace AIaaS.Grains.Tests.Storage;

/// <summary>
/// Grain state read back through the storage serializer a silo built by <c>AddAIaaSGrains</c>
/// uses: members set to null or to their type's default must not come back as their initializers.
/// </summary>
public sealed class GrainStateJsonTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void RolloutPlan_LimitsSetToNullOrZero_ReadBackAsWritten()
    {
        using var host = Host.CreateDefaultBuilder()
            .UseOrleans(silo => silo.UseLocalhostClustering().AddAIaaSGrains(new AIaaSSiloOptions { ModelRepository = _directory.Path, DataDirectory = _directory.Path }))
            .Build();
        var serializer = host.Services.GetRequiredService<IGrainStorageSerializer>();
        var plan = new RolloutPlan
        {
            Version = 2,
            IntervalSeconds = 0.5,
            MinRequests = 0,
            ShadowShare = 0,
            Slo = new RolloutSlo { MaxErrorRate = null, MaxP99Ratio = null, MaxOutputDiff = null },
        };

        var read = serializer.Deserialize<RolloutPlan>(serializer.Serialize(plan))!;

        Assert.Equal((null, null, null), (read.Slo.MaxErrorRate, read.Slo.MaxP99Ratio, read.Slo.MaxOutputDiff));
        Assert.Equal((0L, 0), (read.MinRequests, read.ShadowShare));
        Assert.Equal(plan.Steps, read.Steps);
    }
}
