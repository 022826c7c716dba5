using AIaaS.Tensors;

namespace AIaaS.Grains.Sessions;

/// <summary>
/// A tensor as grain storage keeps it: plain settable members and a byte array, which every grain
/// storage serializer (Orleans' binary one, JSON ones) round-trips; <see cref="TensorPayload"/>'s
/// <see cref="ReadOnlyMemory{T}"/> is not one JSON serializers know.
/// </summary>
[GenerateSerializer, Alias("aiaas.stored-tensor")]
internal sealed class StoredTensor
{
    [Id(0)] public string Name { get; set; } = "";

    [Id(1)] public TensorDataType DataType { get; set; }

    [Id(2)] public long[] Shape { get; set; } = [];

    [Id(3)] public byte[] Data { get; set; } = [];

    public static StoredTensor From(TensorPayload payload) => new()
    {
        Name = payload.Name,
        DataType = payload.DataType,
        Shape = payload.Shape,
        Data = payload.Data.ToArray(),
    };

    public TensorPayload ToPayload() => new(Name, DataType, Shape, Data);
}
