using AIaaS.Cli.Remote;
using AIaaS.Errors;
using AIaaS.Requests;
using AIaaS.Testing;
using AIaaS.Testing.Cluster;

namespace AIaaS.EndToEnd.Tests;

/// <summary>
/// A real redis-server, three cpu worker silo processes and a front silo process in one cluster,
/// serving a copy of the real ppocr-cls with <c>"replicas": 3</c> (its dynamic batching kept).
/// The model is loaded once the front sees every worker, and the fixture starts only when
/// <c>/admin/cluster</c> shows the three replicas on three different workers.
/// </summary>
public sealed class FailoverClusterFixture : IAsyncLifetime
{
    public const string Model = "ppocr-cls";
    public const int Replicas = 3;
    public const int Workers = 3;

    private static readonly TimeSpan SpreadTimeout = TimeSpan.FromSeconds(30);

    private SiloCluster? _cluster;
    private OipHttpClient? _http;

    public SiloCluster Cluster => _cluster ?? throw new InvalidOperationException("the cluster has not started");

    /// <summary>One binary infer of ppocr-cls through the front with a fixed valid input <c>x [1,3,48,192]</c>; throws on failure.</summary>
    internal Func<CancellationToken, Task> Infer { get; private set; } = _ => throw new InvalidOperationException("the cluster has not started");

    public async Task InitializeAsync()
    {
        _cluster = await SiloCluster.StartAsync(new SiloClusterOptions { Workers = Workers });
        try
        {
            Cluster.AddModel(Model, RepositoryPaths.RealModel(Model), config => config["replicas"] = Replicas);
            await Cluster.LoadModelAsync(Model);
            _http = new OipHttpClient(Cluster.Front.BaseAddress);
            Infer = _http.CreateCall(_http.ModelUri(Model, null, "/infer"), OipRequestBody.Binary(new InferenceRequest { Inputs = [TestTensors.PpocrClsInput()] }));

            // The router picks replicas at random: a few calls first, so every replica has been used.
            await Cluster.WaitUntilAsync(
                view => view.AllPlaced(Model, Replicas) && view.HostCount(Model) == Replicas && view.ReplicasOf(Model).All(r => r.Silo.Role == "worker"),
                SpreadTimeout,
                $"{Replicas} {Model} replicas on {Replicas} different workers",
                between: ct => TouchAsync(2 * Replicas, ct));
        }
        catch
        {
            // Whether or not xunit disposes a fixture whose start failed, no process outlives it.
            await DisposeAsync();
            throw;
        }
    }

    /// <summary>Sends <paramref name="calls"/> requests one after the other, ignoring failures; returns how many failed.</summary>
    public async Task<int> TouchAsync(int calls, CancellationToken cancellationToken = default)
    {
        var failed = 0;
        for (var i = 0; i < calls; i++)
        {
            try
            {
                await Infer(cancellationToken);
            }
            catch (InferenceException)
            {
                failed++;
            }
        }

        return failed;
    }

    public async Task DisposeAsync()
    {
        _http?.Dispose();
        _http = null;
        if (_cluster is { } cluster)
        {
            _cluster = null;
            await cluster.DisposeAsync();
        }
    }
}
