namespace AIaaS.Tensors;

/// <summary>
/// What a model declares for one input or output: name, datatype and shape, where -1 marks a
/// dimension of any size. The batch dimension, when the model batches, is included as -1.
/// </summary>
[GenerateSerializer, Immutable, Alias("aiaas.tensor-spec")]
public sealed record TensorSpec(
    [property: Id(0)] string Name,
    [property: Id(1)] TensorDataType DataType,
    [property: Id(2)] long[] Shape)
{
    /// <summary>When above 0, every -1 dimension but the batch axis takes only positive multiples of it.</summary>
    [Id(3)] public int MultipleOf { get; init; }
}
