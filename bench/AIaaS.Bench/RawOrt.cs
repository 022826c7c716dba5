using System.Diagnostics;
using AIaaS.Cli.Bench;
using AIaaS.Inference.Execution;
using AIaaS.Tensors;
using Microsoft.Extensions.Logging.Abstractions;

namespace AIaaS.Bench;

/// <summary>The ceiling: ONNX Runtime called in this process, one thread, at a fixed batch size, each call timed.</summary>
internal static class RawOrt
{
    public static OnnxModel Load(string path) => OnnxModel.Load(path, new OnnxModelOptions(), NullLogger.Instance);

    public static RawOrtResult Measure(OnnxModel model, IReadOnlyList<TensorPayload> inputs, int batch, TimeSpan duration)
    {
        model.Run(inputs);
        var latencies = new LatencyLog();
        var until = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var started = Stopwatch.GetTimestamp();
        long now;
        do
        {
            var sent = Stopwatch.GetTimestamp();
            model.Run(inputs);
            now = Stopwatch.GetTimestamp();
            latencies.Add(now - sent);
        }
        while (now < until);

        var ticks = new long[latencies.Count];
        latencies.CopyTo(ticks);
        var items = (double)latencies.Count * batch;
        return new RawOrtResult(batch, items / Stopwatch.GetElapsedTime(started, now).TotalSeconds, LatencySummary.FromTicks(ticks, Stopwatch.Frequency));
    }
}
