using AIaaS.Inference;
using AIaaS.Models;
using AIaaS.Statistics;
using Orleans.Concurrency;

namespace AIaaS.Grains;

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
}
