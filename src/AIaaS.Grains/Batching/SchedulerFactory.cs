using System.Diagnostics;
using AIaaS.Grains.Diagnostics;
using AIaaS.Models;

namespace AIaaS.Grains.Batching;

/// <summary>Chooses a replica's scheduler from its model configuration, the one place that decides it.</summary>
internal static class SchedulerFactory
{
    public static IInferenceScheduler Create(ModelConfig config, ModelRunner run, InferenceInstruments instruments, TagList tags, TimeProvider time) =>
        new SingleRequestScheduler(run, config.Executors, instruments, tags, time);
}
