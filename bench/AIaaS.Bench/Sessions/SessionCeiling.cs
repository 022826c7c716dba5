using System.Diagnostics;
using AIaaS.Cli.Bench;
using AIaaS.Inference.Execution;
using AIaaS.Tensors;
using Microsoft.Extensions.Logging.Abstractions;

namespace AIaaS.Bench.Sessions;

/// <summary>
/// The raw ONNX Runtime ceiling for live sessions: silero-vad steps/s in this process at each batch
/// size, about a second each; the best divided by 31.25 steps/s (one 32 ms step per session) is
/// the most sessions the machine could hold in real time.
/// </summary>
internal static class SessionCeiling
{
    public const double StepsPerSessionSecond = 31.25;
    private static readonly int[] Batches = [1, 8, 16, 32, 64];

    public static IReadOnlyList<(int Batch, double StepsPerSecond)> Measure(string modelFile)
    {
        using var model = OnnxModel.Load(modelFile, new OnnxModelOptions { PreferCuda = false }, NullLogger.Instance);
        var results = new List<(int, double)>();
        foreach (var batch in Batches)
        {
            TensorPayload[] inputs =
            [
                Tensor.Create<float>("input", [batch, 64 + RealTimeSessionBench.Chunk], RealTimeSessionBench.Noise(batch * (64 + RealTimeSessionBench.Chunk), 1)),
                Tensor.Create<float>("state", [2, batch, 128], new float[2 * batch * 128]),
                Tensor.Create<long>("sr", [], [16000L]),
            ];
            model.Run(inputs);
            var clock = Stopwatch.StartNew();
            var runs = 0;
            while (clock.Elapsed < TimeSpan.FromSeconds(1))
            {
                model.Run(inputs);
                runs++;
            }

            results.Add((batch, runs * batch / clock.Elapsed.TotalSeconds));
        }

        return results;
    }
}
