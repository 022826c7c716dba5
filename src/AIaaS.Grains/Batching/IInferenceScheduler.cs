using AIaaS.Requests;
using AIaaS.Tensors;

namespace AIaaS.Grains.Batching;

/// <summary>
/// A replica's queue and executors. Which implementation a replica gets follows from its model
/// configuration alone. Once <see cref="ScheduleAsync"/> returns a task, the scheduler owns the
/// request until it completes that task, with outputs or an error; disposing fails what is left.
/// </summary>
internal interface IInferenceScheduler : IAsyncDisposable
{
    /// <summary>Queues a validated request; the task completes on an executor thread, never on the caller's.</summary>
    Task<IReadOnlyList<TensorPayload>> ScheduleAsync(InferenceRequest request);
}
