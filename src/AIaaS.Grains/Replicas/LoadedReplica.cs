using AIaaS.Grains.Batching;
using AIaaS.Grains.Statistics;
using AIaaS.Inference.Batching;
using AIaaS.Models;

namespace AIaaS.Grains.Replicas;

/// <summary>
/// What a replica holds once loaded: the version record it loaded, its signature and the batch axes
/// its requests are validated, batched and metered by, what it runs on
/// (an ONNX Runtime session or a processor; none for a pipeline, whose steps run elsewhere), its
/// scheduler, and the statistics of this load (they go with it).
/// </summary>
internal sealed record LoadedReplica(
    ModelVersionInfo Info,
    ModelSignature Signature,
    BatchAxes Axes,
    string ExecutionProvider,
    IDisposable? Session,
    IInferenceScheduler Scheduler,
    ReplicaStatistics Statistics) : IAsyncDisposable
{
    public async ValueTask DisposeAsync()
    {
        // The scheduler first: its executors may still be inside the session.
        await Scheduler.DisposeAsync().ConfigureAwait(false);
        Session?.Dispose();
    }
}
