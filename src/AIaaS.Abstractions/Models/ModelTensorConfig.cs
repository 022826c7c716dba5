namespace AIaaS.Models;

/// <summary>
/// One entry of Triton's <c>output</c> list. A pipeline declares the tensors it returns here;
/// <c>data_type</c> and <c>dims</c> are optional (empty) and, when given, checked against the step
/// that produces the tensor.
/// </summary>
[GenerateSerializer, Immutable, Alias("aiaas.model-tensor-config")]
public sealed record ModelTensorConfig
{
    [Id(0)] public string Name { get; init; } = "";

    [Id(1)] public string DataType { get; init; } = "";

    [Id(2)] public long[] Dims { get; init; } = [];
}
