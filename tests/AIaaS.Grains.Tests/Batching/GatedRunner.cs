using AIaaS.Grains.Batching;
using AIaaS.Inference.Execution;
using AIaaS.Tensors;

namespace AIaaS.Grains.Tests.Batching;

/// <summary>Wraps a runner so each run blocks until the test releases it: executors stay busy as long as the test wants.</summary>
internal sealed class GatedRunner(ModelRunner inner) : IDisposable
{
    private static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(10);

    private readonly SemaphoreSlim _gate = new(0);

    public IReadOnlyList<TensorPayload> Run(IReadOnlyList<TensorPayload> inputs, IReadOnlyList<string>? outputs, out ComputeTimings timings)
    {
        // Bounded, so a broken test fails instead of hanging an executor forever.
        if (!_gate.Wait(WaitLimit))
        {
            throw new TimeoutException("the test never released this run");
        }

        return inner(inputs, outputs, out timings);
    }

    /// <summary>Lets <paramref name="runs"/> runs, waiting or future, proceed.</summary>
    public void Release(int runs = 1) => _gate.Release(runs);

    public void Dispose() => _gate.Dispose();
}
