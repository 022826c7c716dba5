namespace AIaaS.Models;

/// <summary>
/// One step of a pipeline, with Triton's names: the model it calls, and how the model's inputs and
/// outputs map to the pipeline's tensors (<c>input_map</c>: model input to pipeline tensor;
/// <c>output_map</c>: model output to pipeline tensor).
/// </summary>
[GenerateSerializer, Immutable, Alias("aiaas.ensemble-step")]
public sealed record EnsembleStepConfig
{
    [Id(0)] public string ModelName { get; init; } = "";

    /// <summary>The version to call; -1 (Triton's default) follows the model's traffic split.</summary>
    [Id(1)] public long ModelVersion { get; init; } = -1;

    [Id(2)] public IReadOnlyDictionary<string, string> InputMap { get; init; } = new Dictionary<string, string>();

    [Id(3)] public IReadOnlyDictionary<string, string> OutputMap { get; init; } = new Dictionary<string, string>();
}
