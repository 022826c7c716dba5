using AIaaS.Tensors;

namespace AIaaS.Testing.Audio;

/// <summary>
/// silero-vad run in process the way callers run it without sessions: the caller holds the state
/// and the 64 samples of context, and sends <c>input [1, 576]</c> each step.
/// </summary>
public static class SileroReference
{
    public const int Chunk = 512;
    public const int Context = 64;

    /// <summary>The speech probability of each whole 512-sample chunk of <paramref name="samples"/>.</summary>
    /// <param name="run">Runs silero-vad in process (an ONNX Runtime session of the real file).</param>
    public static float[] Probabilities(Func<TensorPayload[], IReadOnlyList<TensorPayload>> run, float[] samples)
    {
        var steps = samples.Length / Chunk;
        var probabilities = new float[steps];
        var state = new float[2 * 128];
        var context = new float[Context];
        for (var i = 0; i < steps; i++)
        {
            var input = new float[Context + Chunk];
            context.CopyTo(input, 0);
            Array.Copy(samples, i * Chunk, input, Context, Chunk);
            var outputs = run(
            [
                Tensor.Create<float>("input", [1, Context + Chunk], input),
                Tensor.Create<float>("state", [2, 1, 128], state),
                Tensor.Create<long>("sr", [], [16000L]),
            ]);
            probabilities[i] = outputs.Single(o => o.Name == "output").ToArray<float>()[0];
            state = outputs.Single(o => o.Name == "stateN").ToArray<float>();
            Array.Copy(input, input.Length - Context, context, 0, Context);
        }

        return probabilities;
    }

    /// <summary>Chunk <paramref name="index"/> of <paramref name="samples"/>.</summary>
    public static float[] ChunkOf(float[] samples, int index) => samples.AsSpan(index * Chunk, Chunk).ToArray();
}
