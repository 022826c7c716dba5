namespace AIaaS.Models;

/// <summary>Triton's <c>reshape</c>: the graph's own shape of a tensor, without the batch axis.</summary>
[GenerateSerializer, Immutable, Alias("aiaas.model-tensor-reshape")]
public sealed record ModelTensorReshape
{
    [Id(0)] public long[] Shape { get; init; } = [];
}
