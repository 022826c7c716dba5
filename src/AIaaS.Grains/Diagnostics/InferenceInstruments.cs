using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace AIaaS.Grains.Diagnostics;

/// <summary>
/// The instruments of the serving path, with Triton's meanings. The Prometheus exporter turns
/// <c>aiaas.inference.request.duration</c> (unit s) into <c>aiaas_inference_request_duration_seconds</c>
/// and counters into <c>..._total</c>; dashboards and alert rules use those names.
/// </summary>
internal sealed class InferenceInstruments
{
    public const string MeterName = "AIaaS.Inference";

    public InferenceInstruments(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        Requests = meter.CreateCounter<long>("aiaas.inference.requests", "{request}", "Inference requests by model, version and outcome (success or the failure reason)");
        RequestDuration = meter.CreateHistogram<double>("aiaas.inference.request.duration", "s", "Time from a request reaching its replica to its response", advice: LatencyAdvice);
        QueueDuration = meter.CreateHistogram<double>("aiaas.inference.queue.duration", "s", "Time a request waited in its replica's queue", advice: LatencyAdvice);
        ComputeDuration = meter.CreateHistogram<double>("aiaas.inference.compute.duration", "s", "Time ONNX Runtime spent on the batch that carried a request", advice: LatencyAdvice);
        BatchSize = meter.CreateHistogram<int>("aiaas.inference.batch.size", "{request}", "Requests per executed batch", advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = [1, 2, 4, 8, 16, 32, 64, 128] });
        Pending = meter.CreateUpDownCounter<long>("aiaas.inference.pending", "{request}", "Requests queued or executing");
        IsolatedRuns = meter.CreateCounter<long>("aiaas.inference.isolated.runs", "{run}", "Requests run alone on the executor kept for light tenants while a heavy tenant floods the model (dynamic_batching.isolate_tenants)");
        ModelLoadDuration = meter.CreateHistogram<double>("aiaas.model.load.duration", "s", "Time to load one replica's ONNX Runtime session");
        ReplicasActive = meter.CreateUpDownCounter<long>("aiaas.replicas.active", "{replica}", "Replicas holding a loaded session on this silo");
        ModelLoadFailures = meter.CreateCounter<long>("aiaas.model.load.failures", "{failure}", "Replica loads that failed on this silo (missing or altered model file, ONNX Runtime refusing the model)");
    }

    private static InstrumentAdvice<double> LatencyAdvice { get; } = new()
    {
        HistogramBucketBoundaries = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    };

    public Counter<long> Requests { get; }

    public Histogram<double> RequestDuration { get; }

    public Histogram<double> QueueDuration { get; }

    public Histogram<double> ComputeDuration { get; }

    public Histogram<int> BatchSize { get; }

    public UpDownCounter<long> Pending { get; }

    public Counter<long> IsolatedRuns { get; }

    public Histogram<double> ModelLoadDuration { get; }

    public UpDownCounter<long> ReplicasActive { get; }

    public Counter<long> ModelLoadFailures { get; }

    /// <summary>The tags every instrument of one model version carries.</summary>
    public static TagList ModelTags(string model, string version) => new()
    {
        { "model", model },
        { "version", version },
    };
}
