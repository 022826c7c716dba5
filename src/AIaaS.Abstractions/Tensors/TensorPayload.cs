namespace AIaaS.Tensors;

/// <summary>
/// One named tensor as it travels between front, router and replica: raw little-endian bytes
/// in row-major order. Immutable, so Orleans passes it between grains on one silo without a copy
/// and serializes <see cref="Data"/> as one block rather than a header per element.
/// </summary>
[GenerateSerializer, Immutable, Alias("aiaas.tensor")]
public sealed class TensorPayload
{
    public TensorPayload(string name, TensorDataType dataType, long[] shape, ReadOnlyMemory<byte> data)
    {
        Name = name;
        DataType = dataType;
        Shape = shape;
        Data = data;
    }

    [Id(0)] public string Name { get; }

    [Id(1)] public TensorDataType DataType { get; }

    /// <summary>Dimensions; not to be mutated once the payload is built.</summary>
    [Id(2)] public long[] Shape { get; }

    /// <summary>For <see cref="TensorDataType.Bytes"/>: each element as a 4-byte little-endian length, then its bytes.</summary>
    [Id(3)] public ReadOnlyMemory<byte> Data { get; }

    /// <summary>Product of the dimensions (1 for a scalar).</summary>
    public long ElementCount
    {
        get
        {
            long count = 1;
            foreach (var dim in Shape)
            {
                count *= dim;
            }

            return count;
        }
    }
}
