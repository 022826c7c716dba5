using AIaaS.Grains.Batching;
using AIaaS.Grains.Statistics;
using AIaaS.Inference.Execution;
using AIaaS.Models;

namespace AIaaS.Grains.Replicas;

/// <summary>
/// What a replica holds once loaded: the version record it loaded, the inputs and outputs it serves
/// (the graph's, narrowed by the configuration's declarations), the session, its scheduler, and the
/// statistics of this session (they go with it).
/// </summary>
internal sealed record LoadedReplica(ModelVersionInfo Info, ModelSignature Signature, OnnxModel Session, IInferenceScheduler Scheduler, ReplicaStatistics Statistics) : IAsyncDisposable
{
    public async ValueTask DisposeAsync()
    {
        // The scheduler first: its executors may still be inside the session.
        await Scheduler.DisposeAsync().ConfigureAwait(false);
        Session.Dispose();
    }
}
