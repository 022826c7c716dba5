using AIaaS.Cli.Remote;
using AIaaS.Inference.Onnx;
using AIaaS.Requests;
using AIaaS.Tensors;
using AIaaS.Testing;
using AIaaS.Testing.Cluster;

namespace AIaaS.EndToEnd.Tests.Rollouts;

/// <summary>
/// A real cluster over Redis (a front and three worker processes) for rollouts and autoscaling,
/// with short controller delays (2 s drains, 1 s autoscaling intervals) so each test takes
/// seconds. Each test serves its own copy of the real ppocr-cls (or a model built in code) under
/// its own name, so tests share the cluster and not their state. ONNX Runtime runs one thread
/// per operator: a replica with one executor then uses at most one core, which is what lets the
/// autoscaling test show more replicas serving more; models with two executors got one thread
/// each on two cores anyway.
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
            ExtraArguments = ["--AIaaS:Controller:DrainDelay=00:00:02", "--AIaaS:Controller:AutoscalingInterval=00:00:01", "--AIaaS:Onnx:IntraOpThreads=1"],
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

    /// <summary>
    /// Serves a model built in code as <paramref name="model"/> version 1 with the configuration
    /// <paramref name="config"/> (its name is set here), loaded through the front.
    /// </summary>
    public async Task ServeAsync(string model, OnnxModelBuilder builder, System.Text.Json.Nodes.JsonObject config)
    {
        config["name"] = model;
        // Version first, config last: a silo scanning meanwhile sees no model rather than a model without files.
        builder.WriteTo(VersionDirectory(model, 1));
        File.WriteAllText(Path.Combine(Cluster.ModelRepository, model, "config.json"), config.ToJsonString());
        await Cluster.LoadModelAsync(model);
    }

    /// <summary>Puts a candidate version into the repository after the model loaded (the version policy would otherwise have loaded it).</summary>
    public string VersionDirectory(string model, int version) => Path.Combine(Cluster.ModelRepository, model, version.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>One binary infer through the front with a fixed valid ppocr-cls input, no version named; throws on failure.</summary>
    internal Func<CancellationToken, Task> InferCall(string model, string? version = null) =>
        _oip!.CreateCall(_oip.ModelUri(model, version, "/infer"), OipRequestBody.Binary(new InferenceRequest { Inputs = [TestTensors.PpocrClsInput()] }));

    /// <summary>One binary infer of <paramref name="input"/> through the front, no version named; throws on failure.</summary>
    internal Func<CancellationToken, Task> InferCall(string model, TensorPayload input) =>
        _oip!.CreateCall(_oip.ModelUri(model, null, "/infer"), OipRequestBody.Binary(new InferenceRequest { Inputs = [input] }));

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
