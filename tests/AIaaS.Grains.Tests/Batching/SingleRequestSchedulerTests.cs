using AIaaS.Errors;
using AIaaS.Grains.Batching;
using AIaaS.Grains.Diagnostics;
using AIaaS.Grains.Statistics;
using AIaaS.Inference.Batching;
using AIaaS.Models;
using AIaaS.Tensors;
using AIaaS.Testing.Onnx;
using Microsoft.Extensions.Time.Testing;

namespace AIaaS.Grains.Tests.Batching;

/// <summary>
/// The scheduler of models without <c>dynamic_batching</c>, on a real tiny model behind a gate:
/// which request each run took.
/// </summary>
public sealed class SingleRequestSchedulerTests : IAsyncDisposable
{
    private const int Timeout = 30_000;
    private static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(10);

    private readonly LoadedTestModel _model = new(TestOnnxModels.Scale(2f));
    private readonly TestMeterFactory _meters = new();
    private readonly GatedRunner _gate;
    private readonly RecordingRunner _recorder;

    public SingleRequestSchedulerTests()
    {
        _gate = new GatedRunner(_model.Model.Run);
        _recorder = new RecordingRunner(_gate.Run);
    }

    [Fact(Timeout = Timeout)]
    public async Task ScheduleAsync_OneTenantFloods_AnotherTenantsRequestRunsAfterOneOfTheFloods()
    {
        await using var scheduler = Create(executors: 1);
        var tasks = new List<Task<IReadOnlyList<TensorPayload>>> { scheduler.ScheduleAsync(TestTensors.Rows(1, 0, tenant: "flood")) };
        await _recorder.NextBatchAsync();
        for (var i = 1; i <= 6; i++)
        {
            tasks.Add(scheduler.ScheduleAsync(TestTensors.Rows(1, 100 * i, tenant: "flood")));
        }

        var quiet = scheduler.ScheduleAsync(TestTensors.Rows(1, 10_000, tenant: "quiet"));

        _gate.Release(8);
        await Task.WhenAll([.. tasks, quiet]).WaitAsync(WaitLimit);
        // In arrival order it would have run last, behind the whole flood.
        Assert.Equal([0, 100, 10_000, 200, 300, 400, 500, 600], _recorder.Batches.Select(b => b.FirstInput[0]));
        Assert.Equal(TestTensors.Doubled(TestTensors.Sequence(4, 10_000)), TestTensors.ToFloats(Assert.Single(await quiet)));
    }

    [Fact(Timeout = Timeout)]
    public async Task ScheduleAsync_OneTenant_RunsInArrivalOrderOnEveryExecutor()
    {
        await using var scheduler = Create(executors: 2);
        var tasks = Enumerable.Range(0, 6).Select(i => scheduler.ScheduleAsync(TestTensors.Rows(1, 100 * i))).ToList();

        _gate.Release(6);
        var outputs = await Task.WhenAll(tasks).WaitAsync(WaitLimit);

        for (var i = 0; i < outputs.Length; i++)
        {
            Assert.Equal(TestTensors.Doubled(TestTensors.Sequence(4, 100 * i)), TestTensors.ToFloats(Assert.Single(outputs[i])));
        }

        Assert.Equal(6, _recorder.Batches.Count);
    }

    [Fact(Timeout = Timeout)]
    public async Task ScheduleAsync_QueueFull_RefusesWithUnavailableAndRunsTheRest()
    {
        await using var scheduler = Create(executors: 1, maxQueueSize: 2);
        var running = scheduler.ScheduleAsync(TestTensors.Rows(1, 0));
        await _recorder.NextBatchAsync();
        var queued = new[] { scheduler.ScheduleAsync(TestTensors.Rows(1, 100, tenant: "a")), scheduler.ScheduleAsync(TestTensors.Rows(1, 200, tenant: "b")) };

        var refused = await Assert.ThrowsAsync<InferenceException>(() => scheduler.ScheduleAsync(TestTensors.Rows(1, 300)));

        Assert.Equal(InferenceErrorKind.Unavailable, refused.Kind);
        Assert.Contains("is full (2 requests)", refused.Message, StringComparison.Ordinal);
        _gate.Release(3);
        await Task.WhenAll([running, .. queued]).WaitAsync(WaitLimit);
    }

    [Fact(Timeout = Timeout)]
    public async Task DisposeAsync_RequestsQueued_FailsThemWithUnavailableAndFinishesTheRunningOne()
    {
        var scheduler = Create(executors: 1);
        var running = scheduler.ScheduleAsync(TestTensors.Rows(1, 0));
        await _recorder.NextBatchAsync();
        var queued = new[] { scheduler.ScheduleAsync(TestTensors.Rows(1, 100, tenant: "a")), scheduler.ScheduleAsync(TestTensors.Rows(1, 200, tenant: "b")) };

        var disposing = scheduler.DisposeAsync().AsTask();

        foreach (var task in queued)
        {
            var error = await Assert.ThrowsAsync<InferenceException>(() => task.WaitAsync(WaitLimit));
            Assert.Equal(InferenceErrorKind.Unavailable, error.Kind);
        }

        Assert.False(disposing.IsCompleted);
        _gate.Release();
        await disposing.WaitAsync(WaitLimit);
        Assert.Equal(TestTensors.Doubled(TestTensors.Sequence(4, 0)), TestTensors.ToFloats(Assert.Single(await running)));
        var late = await Assert.ThrowsAsync<InferenceException>(() => scheduler.ScheduleAsync(TestTensors.Rows(1, 300)));
        Assert.Equal(InferenceErrorKind.Unavailable, late.Kind);
    }

    [Fact(Timeout = Timeout)]
    public async Task ScheduleAsync_WaitedPastItsTimeout_FailsWithDeadlineExceededWithoutRunning()
    {
        var clock = new FakeTimeProvider();
        await using var scheduler = Create(executors: 1, defaultTimeout: TimeSpan.FromSeconds(10), time: clock);
        var running = scheduler.ScheduleAsync(TestTensors.Rows(1, 0));
        await _recorder.NextBatchAsync();
        var stale = scheduler.ScheduleAsync(TestTensors.Rows(1, 100));
        var own = scheduler.ScheduleAsync(TestTensors.Rows(1, 200, timeoutMicroseconds: 60_000_000));

        clock.Advance(TimeSpan.FromSeconds(11));
        _gate.Release(2);

        var error = await Assert.ThrowsAsync<InferenceException>(() => stale.WaitAsync(WaitLimit));
        Assert.Equal(InferenceErrorKind.DeadlineExceeded, error.Kind);
        Assert.Equal("request waited in the queue of model 'scale' past its timeout", error.Message);
        // Its own timeout (60 s) outlasts the wait: it runs, and the stale request never did.
        Assert.Equal(TestTensors.Doubled(TestTensors.Sequence(4, 200)), TestTensors.ToFloats(Assert.Single(await own.WaitAsync(WaitLimit))));
        await running.WaitAsync(WaitLimit);
        Assert.Equal([0, 200], _recorder.Batches.Select(b => b.FirstInput[0]));
    }

    public ValueTask DisposeAsync()
    {
        // Whatever a failed test left gated may run now.
        _gate.Release(100);
        _gate.Dispose();
        _meters.Dispose();
        _model.Dispose();
        return ValueTask.CompletedTask;
    }

    private SingleRequestScheduler Create(int executors, int maxQueueSize = 0, TimeSpan defaultTimeout = default, TimeProvider? time = null)
    {
        var config = new ModelConfig { Name = "scale", Executors = executors };
        return new SingleRequestScheduler(
            config, BatchAxes.Leading, _recorder.Run, new ReplicaStatistics(TimeProvider.System, 1), new InferenceInstruments(_meters),
            InferenceInstruments.ModelTags("scale", "1"), time ?? TimeProvider.System, maxQueueSize: maxQueueSize, defaultTimeout: defaultTimeout);
    }
}
