using System.Diagnostics;
using AIaaS.Cli.Bench;
using AIaaS.Inference.Execution;
using AIaaS.Tensors;
using Microsoft.Extensions.Logging.Abstractions;

namespace AIaaS.Bench;

/// <summary>
/// The ceiling: ONNX Runtime called in this process at a fixed batch size, each call timed, by one
/// thread or by several at once on the same session (as a model with several executors is).
/// </summary>
internal static class RawOrt
{
    /// <summary>
    /// The configurations the ceiling is measured in, ONNX Runtime's defaults first: its threads
    /// spinning or not, one per core or one per call, one caller or one per core. The ceiling is
    /// the best of them, whichever the silo uses.
    /// </summary>
    public static IReadOnlyList<RawConfiguration> LoadConfigurations(string path)
    {
        var singleThreaded = Load(path, new OnnxModelOptions { IntraOpNumThreads = 1 });
        return
        [
            new("defaults (threads per core, spinning)", Load(path, new OnnxModelOptions()), 1),
            new("no spinning", Load(path, new OnnxModelOptions { AllowSpinning = false }), 1),
            new("1 thread", singleThreaded, 1),
            new($"1 thread, {Environment.ProcessorCount} callers", singleThreaded, Environment.ProcessorCount),
        ];
    }

    private static OnnxModel Load(string path, OnnxModelOptions options) => OnnxModel.Load(path, options, NullLogger.Instance);

    public static RawOrtResult Measure(RawConfiguration configuration, IReadOnlyList<TensorPayload> inputs, int batch, TimeSpan duration)
    {
        var model = configuration.Session;
        model.Run(inputs);
        using var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var until = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var started = Stopwatch.GetTimestamp();
        var logs = new LatencyLog[configuration.Callers];
        var callers = new Thread[configuration.Callers];
        for (var c = 0; c < callers.Length; c++)
        {
            var latencies = logs[c] = new LatencyLog();
            callers[c] = new Thread(() =>
            {
                long now;
                do
                {
                    var sent = Stopwatch.GetTimestamp();
                    model.Run(inputs);
                    now = Stopwatch.GetTimestamp();
                    latencies.Add(now - sent);
                }
                while (now < until);
            });
            callers[c].Start();
        }

        foreach (var caller in callers)
        {
            caller.Join();
        }

        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var ticks = new long[logs.Sum(l => l.Count)];
        var offset = 0;
        foreach (var log in logs)
        {
            log.CopyTo(ticks.AsSpan(offset));
            offset += log.Count;
        }

        process.Refresh();
        var cores = (process.TotalProcessorTime - cpu).TotalSeconds / seconds;
        return new RawOrtResult(batch, (double)ticks.Length * batch / seconds, LatencySummary.FromTicks(ticks, Stopwatch.Frequency), cores);
    }
}
