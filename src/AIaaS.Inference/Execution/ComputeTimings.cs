using System.Diagnostics;

namespace AIaaS.Inference.Execution;

/// <summary>
/// Where one model execution spent its time, in nanoseconds, in Triton's three phases: preparing
/// inputs (<c>compute_input</c>), running the model (<c>compute_infer</c>), extracting outputs
/// (<c>compute_output</c>). Measured with <see cref="Stopwatch"/>: these are costs of work, not
/// scheduling decisions, so a fake clock does not drive them.
/// </summary>
internal readonly record struct ComputeTimings(long InputNs, long InferNs, long OutputNs)
{
    private static readonly double NanosecondsPerTick = 1_000_000_000.0 / Stopwatch.Frequency;

    /// <summary>Nanoseconds between two <see cref="Stopwatch.GetTimestamp"/> values.</summary>
    public static long Elapsed(long startTimestamp, long endTimestamp) => (long)((endTimestamp - startTimestamp) * NanosecondsPerTick);

    /// <summary>These timings with work done around the run added: batch assembly before it, output splitting after it.</summary>
    public ComputeTimings Around(long inputNs, long outputNs) => new(InputNs + inputNs, InferNs, OutputNs + outputNs);
}
