using AIaaS.Grains.Batching;
using AIaaS.Inference.Execution;
using AIaaS.Models;

namespace AIaaS.Grains.Replicas;

/// <summary>What a replica holds once loaded: the version record it loaded, the session and its scheduler.</summary>
internal sealed record LoadedReplica(ModelVersionInfo Info, OnnxModel Session, IInferenceScheduler Scheduler) : IAsyncDisposable
{
    public async ValueTask DisposeAsync()
    {
        // The scheduler first: its executors may still be inside the session.
        await Scheduler.DisposeAsync().ConfigureAwait(false);
        Session.Dispose();
    }
}
