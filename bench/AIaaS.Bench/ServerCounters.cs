using System.Text.Json;

namespace AIaaS.Bench;

/// <summary>
/// Running totals of one model from the statistics extension (<c>GET /v2/models/{m}/stats</c>,
/// summed over its versions) and this process's CPU time, read when a window opens and when it
/// closes; <see cref="Describe"/> turns two readings into where the window's time went.
/// </summary>
internal sealed record ServerCounters(
    TimeSpan ProcessCpu,
    long Requests,
    long RequestNs,
    long QueueNs,
    long InputNs,
    long InferNs,
    long OutputNs,
    long Items,
    long Executions,
    long ExecutorBusyNs,
    long ExecutorInferNs)
{
    public static ServerCounters ProcessOnly() => new(CurrentCpu(), 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    public static async Task<ServerCounters> ReadAsync(HttpClient http, Uri stats, CancellationToken cancellationToken)
    {
        var cpu = CurrentCpu();
        using var document = JsonDocument.Parse(await http.GetByteArrayAsync(stats, cancellationToken).ConfigureAwait(false));
        long requests = 0, requestNs = 0, queueNs = 0, inputNs = 0, inferNs = 0, outputNs = 0, items = 0, executions = 0, busyNs = 0, batchInferNs = 0;
        foreach (var version in document.RootElement.GetProperty("model_stats").EnumerateArray())
        {
            var inference = version.GetProperty("inference_stats");
            requests += inference.GetProperty("success").GetProperty("count").GetInt64();
            requestNs += Ns(inference, "success");
            queueNs += Ns(inference, "queue");
            inputNs += Ns(inference, "compute_input");
            inferNs += Ns(inference, "compute_infer");
            outputNs += Ns(inference, "compute_output");
            items += version.GetProperty("inference_count").GetInt64();
            executions += version.GetProperty("execution_count").GetInt64();
            foreach (var batch in version.GetProperty("batch_stats").EnumerateArray())
            {
                // Per execution, not per request: the time the executor was busy.
                busyNs += Ns(batch, "compute_input") + Ns(batch, "compute_infer") + Ns(batch, "compute_output");
                batchInferNs += Ns(batch, "compute_infer");
            }
        }

        return new ServerCounters(cpu, requests, requestNs, queueNs, inputNs, inferNs, outputNs, items, executions, busyNs, batchInferNs);
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
        var requests = after.Requests - before.Requests;
        var executions = after.Executions - before.Executions;
        if (requests <= 0 || executions <= 0)
        {
            return text;
        }

        double PerRequest(long a, long b) => (a - b) / 1000.0 / requests;
        return text + FormattableString.Invariant(
            $"; replica {PerRequest(after.RequestNs, before.RequestNs):F0} us = queue {PerRequest(after.QueueNs, before.QueueNs):F0} + input {PerRequest(after.InputNs, before.InputNs):F0} + infer {PerRequest(after.InferNs, before.InferNs):F0} + output {PerRequest(after.OutputNs, before.OutputNs):F0} (+ rest); avg batch {(after.Items - before.Items) / (double)executions:F1}, executors busy {(after.ExecutorBusyNs - before.ExecutorBusyNs) / 1e9 / window.TotalSeconds:P0}, ORT {(after.Items - before.Items) / ((after.ExecutorInferNs - before.ExecutorInferNs) / 1e9):F0} items/s of run time");
    }

    private static long Ns(JsonElement parent, string name) => parent.GetProperty(name).GetProperty("ns").GetInt64();

    private static TimeSpan CurrentCpu()
    {
        using var process = System.Diagnostics.Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }
}
