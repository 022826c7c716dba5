using System.Runtime.InteropServices;

namespace AIaaS.Tensors;

/// <summary>Builds <see cref="TensorPayload"/>s from .NET arrays and reads them back, for SDK callers and tests.</summary>
public static class Tensor
{
    /// <summary>A tensor of <typeparamref name="T"/> values (copied once, as little-endian bytes).</summary>
    public static TensorPayload Create<T>(string name, long[] shape, ReadOnlySpan<T> values)
        where T : unmanaged
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("tensors are little-endian; big-endian hosts are not supported");
        }

        return new TensorPayload(name, DataTypeOf<T>(), shape, MemoryMarshal.AsBytes(values).ToArray());
    }

    /// <summary>The tensor's elements as <typeparamref name="T"/>; the datatype must match.</summary>
    public static T[] ToArray<T>(this TensorPayload tensor)
        where T : unmanaged
    {
        if (tensor.DataType != DataTypeOf<T>())
        {
            throw new InvalidOperationException($"tensor '{tensor.Name}' is {tensor.DataType.ToProtocolName()}, not {typeof(T).Name}");
        }

        return MemoryMarshal.Cast<byte, T>(tensor.Data.Span).ToArray();
    }

    /// <summary>The datatype of a .NET element type.</summary>
    public static TensorDataType DataTypeOf<T>()
        where T : unmanaged => typeof(T) switch
        {
            var t when t == typeof(float) => TensorDataType.Fp32,
            var t when t == typeof(double) => TensorDataType.Fp64,
            var t when t == typeof(Half) => TensorDataType.Fp16,
            var t when t == typeof(long) => TensorDataType.Int64,
            var t when t == typeof(int) => TensorDataType.Int32,
            var t when t == typeof(short) => TensorDataType.Int16,
            var t when t == typeof(sbyte) => TensorDataType.Int8,
            var t when t == typeof(ulong) => TensorDataType.UInt64,
            var t when t == typeof(uint) => TensorDataType.UInt32,
            var t when t == typeof(ushort) => TensorDataType.UInt16,
            var t when t == typeof(byte) => TensorDataType.UInt8,
            var t when t == typeof(bool) => TensorDataType.Bool,
            _ => throw new NotSupportedException($"{typeof(T).Name} has no tensor datatype"),
        };
}
