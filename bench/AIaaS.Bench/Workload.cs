using System.Text;
using System.Text.Json;
using AIaaS.Tensors;

namespace AIaaS.Bench;

/// <summary>The request every path sends: one ppocr-cls image, [1,3,48,192] FP32, fixed pseudo-random pixels.</summary>
internal static class Workload
{
    public const int Elements = 3 * 48 * 192;

    private static readonly float[] Pixels = CreatePixels();

    public static TensorPayload ClsInput(int batch)
    {
        var values = new float[batch * Elements];
        for (var i = 0; i < batch; i++)
        {
            Pixels.CopyTo(values, i * Elements);
        }

        return Tensor.Create<float>("x", [batch, 3, 48, 192], values);
    }

    public static byte[] JsonBody()
    {
        var body = new { inputs = new[] { new { name = "x", shape = new[] { 1, 3, 48, 192 }, datatype = "FP32", data = Pixels } } };
        return JsonSerializer.SerializeToUtf8Bytes(body);
    }

    /// <summary>Triton's binary tensor extension: a JSON header, then the raw bytes.</summary>
    public static (byte[] Body, int HeaderLength) BinaryBody()
    {
        var header = Encoding.UTF8.GetBytes(
            $$$"""{"inputs":[{"name":"x","shape":[1,3,48,192],"datatype":"FP32","parameters":{"binary_data_size":{{{Elements * 4}}}}}],"parameters":{"binary_data_output":true}}""");
        var body = new byte[header.Length + (Elements * 4)];
        header.CopyTo(body, 0);
        System.Runtime.InteropServices.MemoryMarshal.AsBytes(Pixels.AsSpan()).CopyTo(body.AsSpan(header.Length));
        return (body, header.Length);
    }

    private static float[] CreatePixels()
    {
        var random = new Random(42);
        var pixels = new float[Elements];
        for (var i = 0; i < pixels.Length; i++)
        {
            pixels[i] = (float)random.NextDouble();
        }

        return pixels;
    }
}
