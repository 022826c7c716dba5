using System.Diagnostics;
using AIaaS.Cli.Bench;
using AIaaS.Inference.Execution;
using AIaaS.Tensors;
using Microsoft.Extensions.Logging.Abstractions;

namespace AIaaS.Bench;

/// <summary>The ceiling: ONNX Runtime called in this process, one thread, at a fixed batch size, each call timed.</summary>
internal static class RawOrt
{
    /// <summary>
    /// The configurations the ceiling is measured in, ONNX Runtime's defaults first: its threads
    /// spinning or not, one per core or one in all. The ceiling is the best of them, whichever the
    /// silo uses.
    /// </summary>
    public static IReadOnlyList<(string Configuration, OnnxModel Session)> LoadConfigurations(string path) =>
    [
        ("defaults (threads per core, spinning)", Load(path, new OnnxModelOptions())),
        ("no spinning", Load(path, new OnnxModelOptions { AllowSpinning = false })),
        ("1 thread", Load(path, new OnnxModelOptions { IntraOpNumThreads = 1 })),
    ];

    private static OnnxModel Load(string path, OnnxModelOptions options) => OnnxModel.Load(path, options, NullLogger.Instance);

    public static RawOrtResult Measure(OnnxModel model, IReadOnlyList<TensorPayload> inputs, int batch, TimeSpan duration)
    {
        model.Run(inputs);
        var latencies = new LatencyLog();
        using var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
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
        var seconds = Stopwatch.GetElapsedTime(started, now).TotalSeconds;
        process.Refresh();
        var cores = (process.TotalProcessorTime - cpu).TotalSeconds / seconds;
        return new RawOrtResult(batch, items / seconds, LatencySummary.FromTicks(ticks, Stopwatch.Frequency), cores);
    }
}
