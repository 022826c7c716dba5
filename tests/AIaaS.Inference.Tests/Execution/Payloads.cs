using System.Runtime.InteropServices;
using AIaaS.Tensors;

namespace AIaaS.Inference.Tests.Execution;

/// <summary>Builds and reads tensor payloads in tests.</summary>
internal static class Payloads
{
    public static TensorPayload Fp32(string name, long[] shape, params float[] values) =>
        new(name, TensorDataType.Fp32, shape, MemoryMarshal.AsBytes(values.AsSpan()).ToArray());

    public static TensorPayload Int64(string name, long[] shape, params long[] values) =>
        new(name, TensorDataType.Int64, shape, MemoryMarshal.AsBytes(values.AsSpan()).ToArray());

    public static float[] ToFloats(TensorPayload payload) => MemoryMarshal.Cast<byte, float>(payload.Data.Span).ToArray();
}
