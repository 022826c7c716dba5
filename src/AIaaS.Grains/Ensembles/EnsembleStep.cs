using AIaaS.Models;

namespace AIaaS.Grains.Ensembles;

/// <summary>
/// One step of a loaded pipeline: its name for errors and metrics, the model and version it calls
/// (null: the traffic split), its maps, and what the model loaded with (for splitting a batch
/// larger than the model's <c>max_batch_size</c>, and the shapes of outputs of an empty batch).
/// </summary>
internal sealed record EnsembleStep(
    int Index,
    string Name,
    string Model,
    string? Version,
    IReadOnlyList<KeyValuePair<string, string>> Inputs,
    IReadOnlyList<KeyValuePair<string, string>> Outputs,
    ModelConfig Config,
    ModelSignature Signature);
