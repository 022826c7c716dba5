using AIaaS.Tensors;

namespace AIaaS.Requests;

/// <summary>The outputs of one inference call, with the model version that computed them.</summary>
[GenerateSerializer, Immutable, Alias("aiaas.infer-response")]
public sealed class InferenceResponse
{
    [Id(0)] public required string ModelName { get; init; }

    [Id(1)] public required string ModelVersion { get; init; }

    [Id(2)] public string? Id { get; init; }

    [Id(3)] public required IReadOnlyList<TensorPayload> Outputs { get; init; }
}
