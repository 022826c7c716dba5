using System.Net;
using System.Text;
using AIaaS.Testing;
using AIaaS.Testing.Cluster;

namespace AIaaS.EndToEnd.Tests.Operations;

/// <summary>
/// A front and a worker (separate silo processes over Redis) that export their spans over
/// OTLP/HTTP to a receiver in the test process, serving ppocr-cls as <see cref="Model"/> (its own
/// batching) and as <see cref="PairedModel"/>, which batches requests strictly in pairs: Triton's
/// rule with a preferred size of 2, one executor and a queue delay far longer than a test, so two
/// requests sent together always share one batch.
/// </summary>
public sealed class TracingClusterFixture : IAsyncLifetime
{
    public const string Model = "cls";
    public const string PairedModel = "cls-pairs";

    private SiloCluster? _cluster;

    internal OtlpTraceReceiver Receiver { get; } = new();

    public SiloCluster Cluster => _cluster ?? throw new InvalidOperationException("the cluster has not started");

    public async Task InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(180));
        _cluster = await SiloCluster.StartAsync(new SiloClusterOptions
        {
            Workers = 1,
            ExtraArguments = [$"--AIaaS:Telemetry:OtlpEndpoint={Receiver.BaseAddress}"],
        }, timeout.Token);
        try
        {
            Cluster.AddModel(Model, RepositoryPaths.RealModel("ppocr-cls"));
            Cluster.AddModel(PairedModel, RepositoryPaths.RealModel("ppocr-cls"), config =>
            {
                config["executors"] = 1;
                var batching = config["dynamic_batching"]!.AsObject();
                batching["preferred_batch_size"] = new System.Text.Json.Nodes.JsonArray(2);
                batching["max_queue_delay_microseconds"] = 60_000_000;
                batching["triton_batching"] = true;
            });
            await Cluster.LoadModelAsync(Model, timeout.Token);
            await Cluster.LoadModelAsync(PairedModel, timeout.Token);
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    /// <summary>One JSON infer of <paramref name="model"/> through the front as a caller whose span is <paramref name="traceparent"/>; asserts 200.</summary>
    public async Task InferAsync(string model, string traceparent, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = Cluster.Front.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Post, $"v2/models/{model}/infer")
        {
            Content = new StringContent(
                $$"""{"inputs":[{"name":"x","shape":[1,3,48,192],"datatype":"FP32","data":[{{string.Join(',', Enumerable.Repeat("0.5", 3 * 48 * 192))}}]}]}""",
                Encoding.UTF8,
                "application/json"),
        };
        request.Headers.Add("traceparent", traceparent);
        using var response = await http.SendAsync(request, cancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{model} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
    }

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }

        Receiver.Dispose();
    }
}
