using AIaaS.Models;

namespace AIaaS.Repository;

/// <summary>
/// The checks of <c>sequence_batching</c>'s strategy and checkpoint blocks, and of carried input
/// slices, each error naming its field as <see cref="ModelConfigValidator"/> does.
/// </summary>
internal static class SequenceBatchingRules
{
    public static void Validate(SequenceBatchingConfig sequence, int maxBatchSize, List<string> errors)
    {
        if (sequence.Direct is not null && sequence.Oldest is not null)
        {
            errors.Add("sequence_batching must set at most one of direct, oldest");
        }

        if (sequence.Direct is { MaxQueueDelayMicroseconds: < 0 } direct)
        {
            errors.Add($"sequence_batching.direct.max_queue_delay_microseconds must be >= 0, not {direct.MaxQueueDelayMicroseconds}");
        }

        if (sequence.Oldest is { } oldest)
        {
            if (oldest.MaxCandidateSequences < 0)
            {
                errors.Add($"sequence_batching.oldest.max_candidate_sequences must be >= 0 (0 means unbounded), not {oldest.MaxCandidateSequences}");
            }

            if (oldest.MaxQueueDelayMicroseconds < 0)
            {
                errors.Add($"sequence_batching.oldest.max_queue_delay_microseconds must be >= 0, not {oldest.MaxQueueDelayMicroseconds}");
            }

            for (var i = 0; i < oldest.PreferredBatchSize.Length; i++)
            {
                var size = oldest.PreferredBatchSize[i];
                if (size < 1 || size > Math.Max(1, maxBatchSize))
                {
                    errors.Add($"sequence_batching.oldest.preferred_batch_size[{i}] = {size} must be between 1 and max_batch_size ({maxBatchSize})");
                }
            }
        }

        if (sequence.Checkpoint is { Every: < 1 } checkpoint)
        {
            errors.Add($"sequence_batching.checkpoint.every must be >= 1 (1 is every_step), not {checkpoint.Every}");
        }

        for (var i = 0; i < sequence.State.Length; i++)
        {
            var state = sequence.State[i];
            // A carried slice (output_name naming the input itself) is the tail of each row of that
            // input, so it is one-dimensional and batched where the input is: on axis 0.
            if (string.Equals(state.InputName, state.OutputName, StringComparison.Ordinal)
                && (state.Dims.Length != 1 || state.BatchAxis != 0))
            {
                errors.Add($"sequence_batching.state[{i}] carries a slice of input '{state.InputName}': dims must have one entry (the samples carried) and batch_axis must be 0");
            }
        }
    }
}
