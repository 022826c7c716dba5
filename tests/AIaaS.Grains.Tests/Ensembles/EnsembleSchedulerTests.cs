using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using AIaaS.Errors;
using AIaaS.Grains.Ensembles;
using AIaaS.Grains.Tests.Batching;
using AIaaS.Requests;
using Microsoft.Extensions.Time.Testing;
using static AIaaS.Grains.Tests.Ensembles.TestPipelines;

namespace AIaaS.Grains.Tests.Ensembles;

public sealed class EnsembleSchedulerTests : IDisposable
{
    private const int Timeout = 30_000;
    private static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(10);

    private readonly TestMeterFactory _meters = new();
    private readonly GatedStepInvoker _steps = new();

    public void Dispose() => _meters.Dispose();

    [Fact(Timeout = Timeout)]
    public async Task ScheduleAsync_Diamond_BranchesRunTogetherAndTheJoinGetsBothOutputs()
    {
        var scheduler = await DiamondAsync("diamond");
        var pending = scheduler.ScheduleAsync(new InferenceRequest { Id = "r1", Inputs = [TestTensors.Fp32("image", [1, 2], 1, 2)] });

        var a = await _steps.NextCallAsync();
        Assert.Equal("a", a.Model);
        Assert.Null(a.Version);
        Assert.Equal("x", Assert.Single(a.Request.Inputs).Name);
        Assert.Equal([1f, 2f], TestTensors.ToFloats(a.Request.Inputs[0]));
        Assert.Equal(["y"], a.Request.Outputs!);
        a.Return(TestTensors.Fp32("y", [1, 2], 3, 4));

        // Neither branch has returned when the second is called: they run in parallel.
        var first = await _steps.NextCallAsync();
        var second = await _steps.NextCallAsync();
        Assert.Equal(["b", "c"], new[] { first.Model, second.Model }.Order());
        var (b, c) = first.Model == "b" ? (first, second) : (second, first);
        Assert.Equal([3f, 4f], TestTensors.ToFloats(Assert.Single(b.Request.Inputs)));
        Assert.Equal([3f, 4f], TestTensors.ToFloats(Assert.Single(c.Request.Inputs)));

        c.Return(TestTensors.Fp32("y", [1, 2], 7, 8));
        Assert.False(_steps.HasUntakenCall, "d was called before b, whose output it reads, returned");
        b.Return(TestTensors.Fp32("y", [1, 2], 5, 6));

        var d = await _steps.NextCallAsync();
        Assert.Equal("d", d.Model);
        Assert.Equal(["l", "r"], d.Request.Inputs.Select(i => i.Name).Order());
        Assert.Equal([5f, 6f], TestTensors.ToFloats(d.Request.Inputs.Single(i => i.Name == "l")));
        Assert.Equal([7f, 8f], TestTensors.ToFloats(d.Request.Inputs.Single(i => i.Name == "r")));
        Assert.Equal("r1", d.Request.Id);
        Assert.False(pending.IsCompleted);
        d.Return(TestTensors.Fp32("z", [1, 2], 9, 10));

        var result = Assert.Single(await pending.WaitAsync(WaitLimit));
        Assert.Equal("result", result.Name);
        Assert.Equal([1L, 2L], result.Shape);
        Assert.Equal([9f, 10f], TestTensors.ToFloats(result));
        Assert.False(_steps.HasUntakenCall);
    }

    [Theory(Timeout = Timeout)]
    [InlineData(InferenceErrorKind.Unavailable)]
    [InlineData(InferenceErrorKind.DeadlineExceeded)]
    [InlineData(InferenceErrorKind.ResourceExhausted)]
    public async Task ScheduleAsync_StepThrowsInferenceException_SameKindNamingPipelineAndStep(InferenceErrorKind kind)
    {
        var (pending, c) = await FailBranchBAsync("diamond", new InferenceException(kind, "model 'b' has no ready replica"));

        var error = await Assert.ThrowsAsync<InferenceException>(() => pending.WaitAsync(WaitLimit));
        Assert.Equal(kind, error.Kind);
        Assert.Equal("pipeline 'diamond' ensemble_scheduling.step[1] (model 'b'): model 'b' has no ready replica", error.Message);
        c.Return(TestTensors.Fp32("y", [1, 2], 7, 8));
    }

    [Fact(Timeout = Timeout)]
    public async Task ScheduleAsync_StepThrowsOtherException_InternalNamingPipelineAndStep()
    {
        var (pending, c) = await FailBranchBAsync("diamond", new InvalidOperationException("the connection dropped"));

        var error = await Assert.ThrowsAsync<InferenceException>(() => pending.WaitAsync(WaitLimit));
        Assert.Equal(InferenceErrorKind.Internal, error.Kind);
        Assert.Equal("pipeline 'diamond' ensemble_scheduling.step[1] (model 'b') failed: the connection dropped", error.Message);
        c.Return(TestTensors.Fp32("y", [1, 2], 7, 8));
    }

    [Fact(Timeout = Timeout)]
    public async Task ScheduleAsync_StepFailsWhileAnotherRuns_FailsAtOnceAndTheOtherFaultIsObserved()
    {
        // The event is process-wide: count only faults of this test's pipeline.
        var unobserved = new ConcurrentQueue<Exception>();
        void OnUnobserved(object? sender, UnobservedTaskExceptionEventArgs e)
        {
            if (e.Exception.InnerExceptions.Any(ex => ex.Message.StartsWith("pipeline 'abandoned-step' ", StringComparison.Ordinal)))
            {
                unobserved.Enqueue(e.Exception);
            }
        }

        TaskScheduler.UnobservedTaskException += OnUnobserved;
        try
        {
            await FailThenFaultTheOtherBranchAsync();

            // A fault nobody observed is reported when its task is finalized; the abandoned step's
            // task is garbage once the request and its calls are out of scope.
            for (var round = 0; round < 3; round++)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
            }

            Assert.Empty(unobserved);
        }
        finally
        {
            TaskScheduler.UnobservedTaskException -= OnUnobserved;
        }
    }

    // Not inlined, so nothing of the request (its task, the calls) stays reachable from the test's frame.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private async Task FailThenFaultTheOtherBranchAsync()
    {
        var (pending, c) = await FailBranchBAsync("abandoned-step", InferenceException.Unavailable("model 'b' has no ready replica"));

        // The request fails with b's error while c is still running; it does not wait for c.
        var error = await Assert.ThrowsAsync<InferenceException>(() => pending.WaitAsync(WaitLimit));
        Assert.Equal("pipeline 'abandoned-step' ensemble_scheduling.step[1] (model 'b'): model 'b' has no ready replica", error.Message);
        Assert.False(c.Response.IsCompleted);

        c.Fail(InferenceException.Unavailable("model 'c' has no ready replica"));
    }

    /// <summary>Runs the diamond until both branches are called, then fails b; returns the request and c's call, still running.</summary>
    private async Task<(Task<IReadOnlyList<Tensors.TensorPayload>> Pending, StepCall C)> FailBranchBAsync(string pipeline, Exception failure)
    {
        var scheduler = await DiamondAsync(pipeline);
        var pending = scheduler.ScheduleAsync(new InferenceRequest { Inputs = [TestTensors.Fp32("image", [1, 2], 1, 2)] });
        (await _steps.NextCallAsync()).Return(TestTensors.Fp32("y", [1, 2], 3, 4));
        var first = await _steps.NextCallAsync();
        var second = await _steps.NextCallAsync();
        var (b, c) = first.Model == "b" ? (first, second) : (second, first);
        b.Fail(failure);
        return (pending, c);
    }

    /// <summary>
    /// image -> a -> features; features -> b -> left; features -> c -> right; (left, right) -> d -> result.
    /// The models have no batch axis, so each step is one call with the rows whole.
    /// </summary>
    private async Task<EnsembleScheduler> DiamondAsync(string name)
    {
        var config = Pipeline(
            name,
            ["result"],
            Step("a", [("x", "image")], [("y", "features")]),
            Step("b", [("x", "features")], [("y", "left")]),
            Step("c", [("x", "features")], [("y", "right")]),
            Step("d", [("l", "left"), ("r", "right")], [("z", "result")]));
        var plan = await EnsemblePlan.BuildAsync(
            config,
            Deployments(
                Ready("a", [Fp32("x", 1, 2)], [Fp32("y", 1, 2)]),
                Ready("b", [Fp32("x", 1, 2)], [Fp32("y", 1, 2)]),
                Ready("c", [Fp32("x", 1, 2)], [Fp32("y", 1, 2)]),
                Ready("d", [Fp32("l", 1, 2), Fp32("r", 1, 2)], [Fp32("z", 1, 2)])));
        return new EnsembleScheduler(plan, _steps.Invoker, new PipelineInstruments(_meters), new FakeTimeProvider());
    }
}
