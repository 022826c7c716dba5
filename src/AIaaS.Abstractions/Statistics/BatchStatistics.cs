namespace AIaaS.Statistics;

/// <summary>
/// The executions of one batch size, Triton's <c>$batch_stats</c> entry: each duration's count is the
/// number of executions of <see cref="BatchSize"/> items, its ns their total time in that phase.
/// </summary>
[GenerateSerializer, Immutable, Alias("aiaas.batch-statistics")]
public sealed record BatchStatistics(
    [property: Id(0)] int BatchSize,
    [property: Id(1)] StatisticDuration ComputeInput,
    [property: Id(2)] StatisticDuration ComputeInfer,
    [property: Id(3)] StatisticDuration ComputeOutput)
{
    /// <summary>Both entries' counts and durations added; both must be of one batch size.</summary>
    /// <exception cref="ArgumentException">The batch sizes differ.</exception>
    public BatchStatistics Add(BatchStatistics other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.BatchSize != BatchSize)
        {
            throw new ArgumentException($"statistics of batch size {other.BatchSize} cannot be added to those of batch size {BatchSize}", nameof(other));
        }

        return new BatchStatistics(BatchSize, ComputeInput.Add(other.ComputeInput), ComputeInfer.Add(other.ComputeInfer), ComputeOutput.Add(other.ComputeOutput));
    }
}
