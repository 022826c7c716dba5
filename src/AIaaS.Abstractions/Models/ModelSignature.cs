using AIaaS.Tensors;

namespace AIaaS.Models;

/// <summary>Inputs and outputs of a model as its ONNX graph declares them.</summary>
[GenerateSerializer, Immutable, Alias("aiaas.model-signature")]
public sealed record ModelSignature(
    [property: Id(0)] IReadOnlyList<TensorSpec> Inputs,
    [property: Id(1)] IReadOnlyList<TensorSpec> Outputs);
