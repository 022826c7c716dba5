using AIaaS.Tensors;

namespace AIaaS.EndToEnd.Tests;

/// <summary>Deterministic inputs for the real models: the same values in every run and every path.</summary>
internal static class TestTensors
{
    public const int SileroSampleRate = 16000;

    /// <summary>ppocr-cls <c>x [1,3,48,192]</c>: a smooth pattern in [-1, 1] (normalised image range).</summary>
    public static TensorPayload PpocrClsInput()
    {
        var values = new float[3 * 48 * 192];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = MathF.Sin(i * 0.013f) * MathF.Cos(i * 0.0007f);
        }

        return Tensor.Create<float>("x", [1, 3, 48, 192], values);
    }

    /// <summary>ppocr-det <c>x [1,3,32,32]</c> of zeros (H and W must be multiples of 32).</summary>
    public static TensorPayload PpocrDetInput() => Tensor.Create<float>("x", [1, 3, 32, 32], new float[3 * 32 * 32]);

    /// <summary>One silero-vad step: 64 samples of (zero) context then 512 samples of a 440 Hz tone, zero state, 16 kHz.</summary>
    public static TensorPayload[] SileroStep()
    {
        var samples = new float[576];
        for (var i = 64; i < samples.Length; i++)
        {
            samples[i] = 0.5f * MathF.Sin(2 * MathF.PI * 440 * (i - 64) / SileroSampleRate);
        }

        return
        [
            Tensor.Create<float>("input", [1, 576], samples),
            Tensor.Create<float>("state", [2, 1, 128], new float[256]),
            Tensor.Create<long>("sr", [], [SileroSampleRate]),
        ];
    }
}
