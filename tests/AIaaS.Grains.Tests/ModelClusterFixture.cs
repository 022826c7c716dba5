using AIaaS.Hosting;
using AIaaS.Models;
using AIaaS.Routing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.TestingHost;

namespace AIaaS.Grains.Tests;

/// <summary>A real two-silo cluster, in process, serving <see cref="TinyModelRepository"/> with file grain storage.</summary>
public sealed class ModelClusterFixture : IAsyncLifetime
{
    private readonly string _data = Directory.CreateTempSubdirectory("aiaas-data-").FullName;

    public TinyModelRepository Repository { get; } = new();

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IGrainFactory Grains => Cluster.Client;

    public ModelRouter Router { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(2);
        builder.ConfigureSilo((_, silo) => silo.AddAIaaSGrains(new AIaaSSiloOptions
        {
            ModelRepository = Repository.Root,
            DataDirectory = _data,
        }));
        Cluster = builder.Build();
        await Cluster.DeployAsync();
        Router = new ModelRouter(Cluster.Client, Options.Create(new ModelRouterOptions()), NullLogger<ModelRouter>.Instance);
    }

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

    public async Task DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
        Repository.Dispose();
        Directory.Delete(_data, recursive: true);
    }
}
