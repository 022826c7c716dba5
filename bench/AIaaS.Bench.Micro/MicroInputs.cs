using System.Runtime.InteropServices;
using AIaaS.Tensors;

namespace AIaaS.Bench.Micro;

/// <summary>The tensors the benchmarks work on: ppocr-cls's image input, fixed pseudo-random data.</summary>
internal static class MicroInputs
{
    /// <summary>ppocr-cls's x without its batch axis: 3 x 48 x 192 FP32, 110 KB.</summary>
    public static readonly long[] ImageShape = [3, 48, 192];

    public static TensorPayload Images(int batch, int seed)
    {
        var elements = (int)(batch * ImageShape[0] * ImageShape[1] * ImageShape[2]);
        var values = new float[elements];
        var random = new Random(seed);
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = random.NextSingle();
        }

        return new TensorPayload("x", TensorDataType.Fp32, [batch, .. ImageShape], MemoryMarshal.AsBytes(values.AsSpan()).ToArray());
    }
}
