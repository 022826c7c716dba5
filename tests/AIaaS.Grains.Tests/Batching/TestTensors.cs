using System.Runtime.InteropServices;
using AIaaS.Requests;
using AIaaS.Tensors;

namespace AIaaS.Grains.Tests.Batching;

/// <summary>Builds requests and reads tensors in scheduler tests.</summary>
internal static class TestTensors
{
    public static TensorPayload Fp32(string name, long[] shape, params float[] values) =>
        new(name, TensorDataType.Fp32, shape, MemoryMarshal.AsBytes(values.AsSpan()).ToArray());

    public static TensorPayload Int64(string name, long[] shape, params long[] values) =>
        new(name, TensorDataType.Int64, shape, MemoryMarshal.AsBytes(values.AsSpan()).ToArray());

    public static float[] ToFloats(TensorPayload payload) => MemoryMarshal.Cast<byte, float>(payload.Data.Span).ToArray();

    /// <summary>A request for the Scale model: <c>x [rows, 4]</c> filled with <paramref name="first"/>, <paramref name="first"/>+1, ...</summary>
    public static InferenceRequest Rows(int rows, float first, int priority = 0, long timeoutMicroseconds = 0, string tenant = "") =>
        new()
        {
            Inputs = [Fp32("x", [rows, 4], Sequence(rows * 4, first))],
            Priority = priority,
            TimeoutMicroseconds = timeoutMicroseconds,
            Tenant = tenant,
        };

    public static float[] Sequence(int count, float first)
    {
        var values = new float[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = first + i;
        }

        return values;
    }

    public static float[] Doubled(float[] values)
    {
        var doubled = new float[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            doubled[i] = values[i] * 2;
        }

        return doubled;
    }
}
