using AIaaS.Models;

namespace AIaaS.Grains.Tests;

/// <summary>A real two-silo cluster, in process, serving <see cref="GrainTestRepository"/> with file grain storage.</summary>
public sealed class ModelClusterFixture : TinyClusterFixture
{
    /// <summary>
    /// Waits until the silos' start-up registration has settled <paramref name="model"/> (ready,
    /// or failed for good: while silo metadata spreads at start, placement may fail and retry).
    /// </summary>
    public async Task<ModelDeployment> WaitForSettledAsync(string model)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            var deployment = await Grains.GetGrain<IModelGrain>(model).GetDeployment();
            if (deployment.Versions.Count > 0 && deployment.Versions.All(v => v.Status is ModelVersionStatus.Ready or ModelVersionStatus.Unloaded
                || v is { Status: ModelVersionStatus.Failed, Retrying: false }))
            {
                return deployment;
            }

            await Task.Delay(50, timeout.Token);
        }
    }
}
