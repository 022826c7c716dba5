using AIaaS.Hosting;
using AIaaS.Routing;
using AIaaS.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.TestingHost;

namespace AIaaS.Grains.Tests;

/// <summary>
/// A real cluster in process serving <see cref="GrainTestRepository"/> with file grain storage,
/// and a router on its client; subclasses say how many silos and what each declares.
/// </summary>
public abstract class TinyClusterFixture : IAsyncLifetime
{
    protected string DataDirectory { get; } = Directory.CreateTempSubdirectory("aiaas-data-").FullName;

    public TinyModelRepository Repository { get; } = new GrainTestRepository();

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IGrainFactory Grains => Cluster.Client;

    internal ModelRouter Router { get; private set; } = null!;

    public virtual Task InitializeAsync() => StartAsync(2, _ => new AIaaSSiloOptions());

    /// <summary>Starts <paramref name="silos"/> silos, each with the options for its name (repository and data directory filled in).</summary>
    protected async Task StartAsync(int silos, Func<string, AIaaSSiloOptions> optionsFor)
    {
        var builder = new InProcessTestClusterBuilder((short)silos);
        builder.ConfigureSilo((silo, siloBuilder) =>
        {
            var options = optionsFor(silo.SiloName);
            options.ModelRepository = Repository.Root;
            options.DataDirectory = DataDirectory;
            siloBuilder.AddAIaaSGrains(options);
        });
        Cluster = builder.Build();
        await Cluster.DeployAsync();
        Router = new ModelRouter(Cluster.Client, Options.Create(new ModelRouterOptions()), NullLogger<ModelRouter>.Instance);
    }

    public async Task DisposeAsync()
    {
        Router.Dispose();
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
        Repository.Dispose();
        Directory.Delete(DataDirectory, recursive: true);
    }
}
