using AIaaS.Cli.Remote;
using AIaaS.Requests;
using AIaaS.Testing;
using AIaaS.Testing.Cluster;

namespace AIaaS.EndToEnd.Tests.Rollouts;

/// <summary>
/// A real cluster over Redis (a front and three worker processes) for rollouts and autoscaling,
/// with short controller delays (2 s drains, 1 s autoscaling intervals) so each test takes
/// seconds. Each test serves its own copy of the real ppocr-cls under its own name, so tests
/// share the cluster and not their state.
/// </summary>
public sealed class RolloutClusterFixture : IAsyncLifetime
{
    public const string RealModel = "ppocr-cls";

    private SiloCluster? _cluster;
    private OipHttpClient? _oip;

    public SiloCluster Cluster => _cluster ?? throw new InvalidOperationException("the cluster has not started");

    internal RolloutHttp Rollouts { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _cluster = await SiloCluster.StartAsync(new SiloClusterOptions
        {
            Workers = 3,
            SiloReadyTimeout = TimeSpan.FromSeconds(180),
            ClusterViewTimeout = TimeSpan.FromSeconds(120),
            ExtraArguments = ["--AIaaS:Controller:DrainDelay=00:00:02", "--AIaaS:Controller:AutoscalingInterval=00:00:01"],
        });
        _oip = new OipHttpClient(Cluster.Front.BaseAddress);
        Rollouts = new RolloutHttp(Cluster.Front.BaseAddress);
    }

    /// <summary>Serves a copy of ppocr-cls as <paramref name="model"/> (version 1), loaded through the front.</summary>
    public async Task ServeAsync(string model, Action<System.Text.Json.Nodes.JsonObject>? configure = null)
    {
        Cluster.AddModel(model, RepositoryPaths.RealModel(RealModel), configure);
        await Cluster.LoadModelAsync(model);
    }

    /// <summary>Puts a candidate version into the repository after the model loaded (the version policy would otherwise have loaded it).</summary>
    public string VersionDirectory(string model, int version) => Path.Combine(Cluster.ModelRepository, model, version.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>One binary infer through the front with a fixed valid ppocr-cls input, no version named; throws on failure.</summary>
    internal Func<CancellationToken, Task> InferCall(string model, string? version = null) =>
        _oip!.CreateCall(_oip.ModelUri(model, version, "/infer"), OipRequestBody.Binary(new InferenceRequest { Inputs = [TestTensors.PpocrClsInput()] }));

    /// <summary>Which version answered a request that named none.</summary>
    internal async Task<string> AnsweringVersionAsync(string model) =>
        (await _oip!.InferAsync(model, null, new InferenceRequest { Inputs = [TestTensors.PpocrClsInput()] }, CancellationToken.None)).ModelVersion;

    /// <summary>The text of <c>/metrics</c> of every silo, front first.</summary>
    public async Task<string> MetricsAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var texts = new List<string>();
        foreach (var silo in Cluster.Workers.Where(w => !w.HasExited).Prepend(Cluster.Front))
        {
            texts.Add(await http.GetStringAsync(new Uri(silo.BaseAddress, "metrics")));
        }

        return string.Join("\n", texts);
    }

    public async Task DisposeAsync()
    {
        Rollouts?.Dispose();
        _oip?.Dispose();
        if (_cluster is { } cluster)
        {
            _cluster = null;
            await cluster.DisposeAsync();
        }
    }
}
