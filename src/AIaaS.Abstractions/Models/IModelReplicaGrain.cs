using AIaaS.Requests;
using AIaaS.Rollouts;
using AIaaS.Statistics;
using AIaaS.Tensors;
using Orleans.Concurrency;

namespace AIaaS.Models;

/// <summary>
/// One ONNX Runtime session of one model version (key: <c>{model}/{version}/{index}</c>) with
/// its request queue. Calls interleave: each enqueues and awaits its own completion.
/// </summary>
[Alias("aiaas.IModelReplicaGrain")]
public interface IModelReplicaGrain : IGrainWithStringKey
{
    /// <summary>Loads the session if it is not loaded and returns the model's inputs and outputs.</summary>
    [Alias("load")]
    Task<ModelSignature> Load();

    [AlwaysInterleave, Alias("infer")]
    Task<InferenceResponse> Infer(InferenceRequest request);

    /// <summary>
    /// What this replica's session did since it loaded; zeros when it holds no session. Never loads
    /// the session. Short timeout: the model grain asks every replica and skips one that does not answer.
    /// </summary>
    [AlwaysInterleave, ResponseTimeout("00:00:05"), Alias("get-statistics")]
    Task<ModelStatistics> GetStatistics();

    /// <summary>Releases the session; the next call activates the replica anew.</summary>
    [Alias("unload")]
    Task Unload();

    /// <summary>
    /// Moves to the silo placement chooses now, once idle: the replica inventory asks this of a
    /// replica sharing a silo with a sibling when a worker joins. Calls meanwhile follow it.
    /// </summary>
    [Alias("move")]
    Task Move();

    /// <summary>
    /// Runs a copy of a request another version answered (a rollout's shadow step) and compares
    /// the outputs with <paramref name="reference"/>, that version's answer; the result counts in
    /// this replica's figures. Completes when the copy has run: the router sends it without
    /// waiting, but counts it in flight until then, which is how it bounds the copies a
    /// candidate holds (a one-way call would complete at once and bound nothing).
    /// </summary>
    [AlwaysInterleave, Alias("shadow")]
    Task Shadow(InferenceRequest request, IReadOnlyList<TensorPayload> reference);

    /// <summary>
    /// This activation's running totals (requests, server errors, latency histogram, shadow
    /// comparisons). The largest output difference is the largest since the previous call that
    /// passed <paramref name="takeMaxOutputDiff"/>; only the rollout controller does.
    /// </summary>
    [AlwaysInterleave, ResponseTimeout("00:00:05"), Alias("get-figures")]
    Task<ReplicaFigures> GetFigures(bool takeMaxOutputDiff);
}
