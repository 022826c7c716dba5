using System.Text.Json;

namespace AIaaS.Cli.Remote;

/// <summary>
/// Triton's model statistics, summed over the entries of <c>model_stats</c> (one per version):
/// cumulative counts and durations since the server started, so two readings give the figures
/// of the time between them.
/// </summary>
/// <remarks>
/// The format, <c>GET /v2/models/{m}[/versions/{v}]/stats</c>:
/// <c>{"model_stats":[{"name","version","last_inference","inference_count","execution_count",
/// "inference_stats":{"success":{"count","ns"},"fail":{..},"queue":{..},"compute_input":{..},
/// "compute_infer":{..},"compute_output":{..}},"batch_stats":[..]}]}</c>. A field that is missing
/// counts as zero, so a server that reports a subset still gives what it has.
/// </remarks>
internal sealed record StatisticsTotals
{
    /// <summary>Inferences (batch items) run: a batch of 8 requests of 1 counts 8.</summary>
    public long InferenceCount { get; init; }

    /// <summary>Model executions: a batch of 8 requests counts 1.</summary>
    public long ExecutionCount { get; init; }

    public CumulativeDuration Success { get; init; }

    public CumulativeDuration Fail { get; init; }

    /// <summary>Time requests waited in the scheduler's queue.</summary>
    public CumulativeDuration Queue { get; init; }

    public CumulativeDuration ComputeInput { get; init; }

    public CumulativeDuration ComputeInfer { get; init; }

    public CumulativeDuration ComputeOutput { get; init; }

    /// <summary>
    /// <c>batch_stats</c> summed over batch sizes: per execution rather than per request, so its
    /// input, infer and output nanoseconds are the time the executors were busy.
    /// </summary>
    public CumulativeDuration BatchComputeInput { get; init; }

    public CumulativeDuration BatchComputeInfer { get; init; }

    public CumulativeDuration BatchComputeOutput { get; init; }

    /// <exception cref="FormatException">The document has no <c>model_stats</c> array or holds a value that is not a count.</exception>
    public static StatisticsTotals Parse(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("model_stats", out var entries) || entries.ValueKind != JsonValueKind.Array)
        {
            throw new FormatException("no 'model_stats' array");
        }

        var sum = new StatisticsTotals();
        foreach (var entry in entries.EnumerateArray())
        {
            var stats = entry.TryGetProperty("inference_stats", out var s) && s.ValueKind == JsonValueKind.Object ? s : default;
            CumulativeDuration batchInput = default, batchInfer = default, batchOutput = default;
            if (entry.TryGetProperty("batch_stats", out var batches) && batches.ValueKind == JsonValueKind.Array)
            {
                foreach (var batch in batches.EnumerateArray())
                {
                    batchInput += Duration(batch, "compute_input");
                    batchInfer += Duration(batch, "compute_infer");
                    batchOutput += Duration(batch, "compute_output");
                }
            }

            sum = new StatisticsTotals
            {
                InferenceCount = sum.InferenceCount + Count(entry, "inference_count"),
                ExecutionCount = sum.ExecutionCount + Count(entry, "execution_count"),
                Success = sum.Success + Duration(stats, "success"),
                Fail = sum.Fail + Duration(stats, "fail"),
                Queue = sum.Queue + Duration(stats, "queue"),
                ComputeInput = sum.ComputeInput + Duration(stats, "compute_input"),
                ComputeInfer = sum.ComputeInfer + Duration(stats, "compute_infer"),
                ComputeOutput = sum.ComputeOutput + Duration(stats, "compute_output"),
                BatchComputeInput = sum.BatchComputeInput + batchInput,
                BatchComputeInfer = sum.BatchComputeInfer + batchInfer,
                BatchComputeOutput = sum.BatchComputeOutput + batchOutput,
            };
        }

        return sum;
    }

    private static CumulativeDuration Duration(JsonElement stats, string name) =>
        stats.ValueKind == JsonValueKind.Object && stats.TryGetProperty(name, out var duration)
            ? new CumulativeDuration(Count(duration, "count"), Count(duration, "ns"))
            : default;

    private static long Count(JsonElement parent, string name)
    {
        if (parent.ValueKind != JsonValueKind.Object || !parent.TryGetProperty(name, out var value))
        {
            return 0;
        }

        // Triton writes uint64 as JSON numbers; some proxies turn big ones into strings.
        return value.ValueKind switch
        {
            JsonValueKind.Number when value.TryGetInt64(out var n) && n >= 0 => n,
            JsonValueKind.String when long.TryParse(value.GetString(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) => n,
            _ => throw new FormatException($"'{name}' is {value.GetRawText()}, not a count"),
        };
    }
}
