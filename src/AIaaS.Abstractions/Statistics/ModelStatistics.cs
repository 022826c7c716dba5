namespace AIaaS.Statistics;

/// <summary>
/// What one model version did since its replicas loaded, with the fields and meanings of Triton's
/// statistics extension (<c>$model_stat</c>). A replica reports its own; the model grain combines
/// its replicas' with <see cref="Combine"/>.
/// </summary>
/// <param name="Name">The model.</param>
/// <param name="Version">The model version.</param>
/// <param name="LastInference">When the last request finished, in milliseconds since the Unix epoch; 0 for never.</param>
/// <param name="InferenceCount">Items inferred by successful requests: the sum of their batch dimensions (1 per request of a model without a batch axis).</param>
/// <param name="ExecutionCount">Successful model executions (batches run).</param>
/// <param name="Success">Successful requests and their time from reaching a replica to the response.</param>
/// <param name="Fail">Failed requests, for any reason (invalid, rejected by a full queue, timed out, failed to execute), and their time.</param>
/// <param name="Queue">Successful requests and their time from queueing to the start of their batch.</param>
/// <param name="ComputeInput">Successful requests and the input preparation time of their batch (concatenation, ONNX Runtime values).</param>
/// <param name="ComputeInfer">Successful requests and the ONNX Runtime run time of their batch.</param>
/// <param name="ComputeOutput">Successful requests and the output time of their batch (copying out, splitting per request).</param>
/// <param name="BatchStats">One entry per batch size (in items) executed, ordered by batch size.</param>
/// <param name="Sequence">A stateful model's sessions (ours, beside Triton's fields); null for a model without <c>sequence_batching</c>.</param>
[GenerateSerializer, Immutable, Alias("aiaas.model-statistics")]
public sealed record ModelStatistics(
    [property: Id(0)] string Name,
    [property: Id(1)] int Version,
    [property: Id(2)] long LastInference,
    [property: Id(3)] long InferenceCount,
    [property: Id(4)] long ExecutionCount,
    [property: Id(5)] StatisticDuration Success,
    [property: Id(6)] StatisticDuration Fail,
    [property: Id(7)] StatisticDuration Queue,
    [property: Id(8)] StatisticDuration ComputeInput,
    [property: Id(9)] StatisticDuration ComputeInfer,
    [property: Id(10)] StatisticDuration ComputeOutput,
    [property: Id(11)] IReadOnlyList<BatchStatistics> BatchStats,
    [property: Id(12)] SequenceStatistics? Sequence = null)
{
    /// <summary>The statistics of a version that did nothing (or whose replicas hold no session).</summary>
    public static ModelStatistics Empty(string name, int version) => new(
        name, version, 0, 0, 0,
        StatisticDuration.Zero, StatisticDuration.Zero, StatisticDuration.Zero,
        StatisticDuration.Zero, StatisticDuration.Zero, StatisticDuration.Zero,
        []);

    /// <summary>
    /// Both sets of statistics of one version as one: counts and durations added, batch entries of
    /// equal size added, the later <see cref="LastInference"/> kept, this one's
    /// <see cref="Sequence"/> kept (replicas have none; the model grain sets it). Neither input changes.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="other"/> is of another model or version.</exception>
    public ModelStatistics Combine(ModelStatistics other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (!string.Equals(other.Name, Name, StringComparison.Ordinal) || other.Version != Version)
        {
            throw new ArgumentException($"statistics of model '{other.Name}' version {other.Version} cannot combine with those of model '{Name}' version {Version}", nameof(other));
        }

        return new ModelStatistics(
            Name,
            Version,
            Math.Max(LastInference, other.LastInference),
            InferenceCount + other.InferenceCount,
            ExecutionCount + other.ExecutionCount,
            Success.Add(other.Success),
            Fail.Add(other.Fail),
            Queue.Add(other.Queue),
            ComputeInput.Add(other.ComputeInput),
            ComputeInfer.Add(other.ComputeInfer),
            ComputeOutput.Add(other.ComputeOutput),
            CombineBatches(BatchStats, other.BatchStats),
            Sequence);
    }

    private static BatchStatistics[] CombineBatches(IReadOnlyList<BatchStatistics> left, IReadOnlyList<BatchStatistics> right) =>
        left.Concat(right)
            .GroupBy(b => b.BatchSize)
            .Select(g => g.Aggregate((a, b) => a.Add(b)))
            .OrderBy(b => b.BatchSize)
            .ToArray();
}
