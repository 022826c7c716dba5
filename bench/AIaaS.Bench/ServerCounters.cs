using AIaaS.Cli.Bench;
using AIaaS.Cli.Remote;

namespace AIaaS.Bench;

/// <summary>
/// A model's statistics (read by <c>aiaas bench</c>'s <see cref="ServerStatisticsReader"/>, the one
/// parser of <c>/stats</c>) and this process's CPU time, read when a window opens and when it
/// closes; <see cref="Describe"/> turns two readings into where the window's time went.
/// </summary>
internal sealed record ServerCounters(TimeSpan ProcessCpu, StatisticsTotals? Statistics)
{
    /// <param name="reader">The served model's statistics; null for the process's CPU alone (the naive endpoint).</param>
    /// <param name="cancellationToken">Stops the read.</param>
    public static async Task<ServerCounters> ReadAsync(ServerStatisticsReader? reader, CancellationToken cancellationToken)
    {
        var cpu = CurrentCpu();
        return new ServerCounters(cpu, reader is null ? null : await reader.ReadAsync(cancellationToken).ConfigureAwait(false));
    }

    /// <summary>
    /// <c>cpu 1.93 cores, 1805 us/item</c>, and with server totals: per request, the time in the
    /// replica, in the queue and in each compute phase (us); the average batch; how much of the
    /// window the executors were busy; and ONNX Runtime's own rate (items over the runs' time).
    /// </summary>
    public static string Describe(ServerCounters before, ServerCounters after, TimeSpan window, double items)
    {
        var cores = (after.ProcessCpu - before.ProcessCpu).TotalSeconds / window.TotalSeconds;
        var text = FormattableString.Invariant($"cpu {cores:F2} cores, {cores * 1e6 / (items / window.TotalSeconds):F0} us/item");
        return DescribeStatistics(before, after, window) is { } statistics ? $"{text}; {statistics}" : text;
    }

    /// <summary>The server totals' part of <see cref="Describe"/>; null without two readings that saw requests run.</summary>
    public static string? DescribeStatistics(ServerCounters before, ServerCounters after, TimeSpan window)
    {
        if (before.Statistics is not { } b || after.Statistics is not { } a)
        {
            return null;
        }

        var requests = (a.Success - b.Success).Count;
        var executions = a.ExecutionCount - b.ExecutionCount;
        if (requests <= 0 || executions <= 0)
        {
            return null;
        }

        double PerRequest(CumulativeDuration delta) => delta.Nanoseconds / 1000.0 / requests;
        var busy = (a.BatchComputeInput - b.BatchComputeInput).Nanoseconds + (a.BatchComputeInfer - b.BatchComputeInfer).Nanoseconds + (a.BatchComputeOutput - b.BatchComputeOutput).Nanoseconds;
        return FormattableString.Invariant(
            $"replica {PerRequest(a.Success - b.Success):F0} us = queue {PerRequest(a.Queue - b.Queue):F0} + input {PerRequest(a.ComputeInput - b.ComputeInput):F0} + infer {PerRequest(a.ComputeInfer - b.ComputeInfer):F0} + output {PerRequest(a.ComputeOutput - b.ComputeOutput):F0} (+ rest); avg batch {(a.InferenceCount - b.InferenceCount) / (double)executions:F1}, executors busy {busy / 1e9 / window.TotalSeconds:P0}, ORT {(a.InferenceCount - b.InferenceCount) / ((a.BatchComputeInfer - b.BatchComputeInfer).Nanoseconds / 1e9):F0} items/s of run time");
    }

    private static TimeSpan CurrentCpu()
    {
        using var process = System.Diagnostics.Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }
}
