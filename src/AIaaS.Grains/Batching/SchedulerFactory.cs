using System.Diagnostics;
using AIaaS.Grains.Diagnostics;
using AIaaS.Grains.Statistics;
using AIaaS.Inference.Batching;
using AIaaS.Models;

namespace AIaaS.Grains.Batching;

/// <summary>Chooses a replica's scheduler from its model configuration, the one place that decides it.</summary>
internal static class SchedulerFactory
{
    /// <summary>
    /// <see cref="DynamicBatchScheduler"/> when the model has <c>dynamic_batching</c> or
    /// <c>sequence_batching</c> (sessions' steps batch together) and a batch axis
    /// (<c>max_batch_size</c> above 0); else <see cref="SingleRequestScheduler"/>.
    /// </summary>
    public static IInferenceScheduler Create(
        ModelConfig config,
        BatchAxes axes,
        ModelRunner run,
        ReplicaStatistics statistics,
        InferenceInstruments instruments,
        TagList tags,
        TimeProvider time,
        Action<string, double>? recordCompute = null,
        AdmissionOptions? admission = null)
    {
        admission ??= new AdmissionOptions();
        return (config.DynamicBatching is not null || config.SequenceBatching is not null) && config.MaxBatchSize > 0
            ? new DynamicBatchScheduler(admission.Apply(DynamicBatchSchedulerOptions.FromConfig(config, axes)), run, statistics, instruments, tags, time, recordCompute)
            : new SingleRequestScheduler(config, axes, run, statistics, instruments, tags, time, recordCompute, admission.MaxQueueSize, admission.DefaultQueueTimeout);
    }
}
