using System.Diagnostics.Metrics;
using AIaaS.Errors;
using AIaaS.Grains.Batching;
using AIaaS.Inference.Batching;
using AIaaS.Requests;
using AIaaS.Statistics;
using AIaaS.Tensors;
using AIaaS.Testing.Onnx;

namespace AIaaS.Grains.Tests.Batching;

public sealed class DynamicBatchSchedulerTests
{
    private const int Timeout = 30_000;
    private static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(10);

    [Fact(Timeout = Timeout)]
    public async Task ScheduleAsync_SixQueuedBehindBusyExecutor_BatchOfFourThenTwoAfterDelay()
    {
        await using var h = new SchedulerHarness(Options(preferred: [4], delayMicroseconds: 5_000));
        var first = h.Scheduler.ScheduleAsync(TestTensors.Rows(4, 0));
        Assert.Equal(new long[] { 4, 4 }, (await h.Recorder.NextBatchAsync()).Shapes[0]);

        var queued = new Task<IReadOnlyList<TensorPayload>>[6];
        for (var i = 0; i < queued.Length; i++)
        {
            queued[i] = h.Scheduler.ScheduleAsync(TestTensors.Rows(1, 100 * (i + 1)));
        }

        Assert.Equal(6, h.Scheduler.QueuedCount);
        h.Gate.Release();
        var second = await h.Recorder.NextBatchAsync();
        Assert.Equal(new long[] { 4, 4 }, second.Shapes[0]);
        Assert.Equal(2, h.Scheduler.QueuedCount);

        h.Gate.Release();
        await Task.WhenAll(queued[..4]).WaitAsync(WaitLimit);
        h.FakeTime.Advance(TimeSpan.FromMicroseconds(4_999));
        Assert.Equal(2, h.Scheduler.QueuedCount);
        h.FakeTime.Advance(TimeSpan.FromMicroseconds(1));
        Assert.Equal(0, h.Scheduler.QueuedCount);
        var third = await h.Recorder.NextBatchAsync();
        Assert.Equal(new long[] { 2, 4 }, third.Shapes[0]);

        h.Gate.Release();
        await Task.WhenAll(queued).WaitAsync(WaitLimit);
        Assert.Equal(TestTensors.Doubled(TestTensors.Sequence(16, 0)), TestTensors.ToFloats(Assert.Single(await first)));
        Assert.Equal([.. TestTensors.Sequence(4, 100), .. TestTensors.Sequence(4, 200), .. TestTensors.Sequence(4, 300), .. TestTensors.Sequence(4, 400)], second.FirstInput);
        Assert.Equal([.. TestTensors.Sequence(4, 500), .. TestTensors.Sequence(4, 600)], third.FirstInput);
        Assert.Equal(3, h.Recorder.Batches.Count);
    }

    [Fact(Timeout = Timeout)]
    public async Task ScheduleAsync_DelayPassedBehindBusyExecutor_CutsEveryWaitingRequestUpToMaxBatchSize()
    {
        await using var h = new SchedulerHarness(Options(maxBatchSize: 8, preferred: [4], delayMicroseconds: 5_000));
        var first = h.Scheduler.ScheduleAsync(TestTensors.Rows(4, 0));
        await h.Recorder.NextBatchAsync();
        var queued = new Task<IReadOnlyList<TensorPayload>>[10];
        for (var i = 0; i < queued.Length; i++)
        {
            queued[i] = h.Scheduler.ScheduleAsync(TestTensors.Rows(1, 100 * (i + 1)));
        }

        // The ten waited past the delay while the executor was busy: as in Triton, the next batch
        // takes all that fit (8), not just the preferred 4, and the remaining two follow at once.
        h.FakeTime.Advance(TimeSpan.FromMicroseconds(5_000));
        Assert.Equal(10, h.Scheduler.QueuedCount);
        h.Gate.Release();
        Assert.Equal(new long[] { 8, 4 }, (await h.Recorder.NextBatchAsync()).Shapes[0]);
        Assert.Equal(2, h.Scheduler.QueuedCount);
        h.Gate.Release();
        Assert.Equal(new long[] { 2, 4 }, (await h.Recorder.NextBatchAsync()).Shapes[0]);
        h.Gate.Release();

        await Task.WhenAll([first, .. queued]).WaitAsync(WaitLimit);
        Assert.Equal(TestTensors.Doubled(TestTensors.Sequence(4, 1000)), TestTensors.ToFloats(Assert.Single(await queued[9])));
        Assert.Equal(3, h.Recorder.Batches.Count);
    }

    [Fact(Timeout = Timeout)]
    public async Task ScheduleAsync_SmallerPreferredSizeReachedBeforeTheDelay_CutsItAtOnce()
    {
        await using var h = new SchedulerHarness(Options(maxBatchSize: 8, preferred: [2, 4], delayMicroseconds: 1_000_000));
        var first = h.Scheduler.ScheduleAsync(TestTensors.Rows(4, 0));
        await h.Recorder.NextBatchAsync();
        var queued = new[]
        {
            h.Scheduler.ScheduleAsync(TestTensors.Rows(1, 10)),
            h.Scheduler.ScheduleAsync(TestTensors.Rows(1, 20)),
            h.Scheduler.ScheduleAsync(TestTensors.Rows(1, 30)),
        };

        // Three wait: 2 is the largest preferred size they reach, and it goes at once, as in
        // Triton; the third waits for company or the delay.
        h.Gate.Release();
        Assert.Equal(new long[] { 2, 4 }, (await h.Recorder.NextBatchAsync()).Shapes[0]);
        Assert.Equal(1, h.Scheduler.QueuedCount);
        h.Gate.Release();
        await Task.WhenAll([first, .. queued[..2]]).WaitAsync(WaitLimit);
        Assert.Equal(1, h.Scheduler.QueuedCount);

        h.FakeTime.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(new long[] { 1, 4 }, (await h.Recorder.NextBatchAsync()).Shapes[0]);
        h.Gate.Release();
        await queued[2].WaitAsync(WaitLimit);
    }

    [Fact(Timeout = Timeout)]
    public async Task ScheduleAsync_PreferredSizeReached_CutsWithoutWaitingForTheDelay()
    {
        await using var h = new SchedulerHarness(Options(preferred: [2], delayMicroseconds: 1_000_000));
        h.Gate.Release(10);

        var a = h.Scheduler.ScheduleAsync(TestTensors.Rows(1, 1));
        Assert.Equal(1, h.Scheduler.QueuedCount);
        var b = h.Scheduler.ScheduleAsync(TestTensors.Rows(1, 5));
        Assert.Equal(0, h.Scheduler.QueuedCount);

        Assert.Equal(new long[] { 2, 4 }, (await h.Recorder.NextBatchAsync()).Shapes[0]);
        await Task.WhenAll(a, b).WaitAsync(WaitLimit);
        Assert.Equal(new float[] { 2, 4, 6, 8 }, TestTensors.ToFloats(Assert.Single(await a)));
        Assert.Equal(new float[] { 10, 12, 14, 16 }, TestTensors.ToFloats(Assert.Single(await b)));
    }

    [Fact(Timeout = Timeout)]
    public async Task ScheduleAsync_DelayPasses_CutsPartialBatchAndNotBefore()
    {
        await using var h = new SchedulerHarness(Options(preferred: [4], delayMicroseconds: 5_000));
        h.Gate.Release(10);
        var tasks = new[]
        {
            h.Scheduler.ScheduleAsync(TestTensors.Rows(1, 1)),
            h.Scheduler.ScheduleAsync(TestTensors.Rows(2, 10)),
        };

        h.FakeTime.Advance(TimeSpan.FromMicroseconds(4_999));
        Assert.Equal(2, h.Scheduler.QueuedCount);
        h.FakeTime.Advance(TimeSpan.FromMicroseconds(1));
        Assert.Equal(0, h.Scheduler.QueuedCount);

        Assert.Equal(new long[] { 3, 4 }, (await h.Recorder.NextBatchAsync()).Shapes[0]);
        await Task.WhenAll(tasks).WaitAsync(WaitLimit);
        Assert.Single(h.Recorder.Batches);
    }

    [Fact(Timeout = Timeout)]
    public async Task ScheduleAsync_DistinctInputs_EachCallerGetsExactlyItsOwnRows()
    {
        await using var h = new SchedulerHarness(Options(preferred: [8], delayMicroseconds: 1_000_000));
        h.Gate.Release(10);
        int[] rows = [1, 2, 1, 3, 1];
        var requests = new InferenceRequest[rows.Length];
        var tasks = new Task<IReadOnlyList<TensorPayload>>[rows.Length];
        for (var i = 0; i < rows.Length; i++)
        {
            requests[i] = TestTensors.Rows(rows[i], 1000 * (i + 1));
            tasks[i] = h.Scheduler.ScheduleAsync(requests[i]);
        }

        await Task.WhenAll(tasks).WaitAsync(WaitLimit);

        Assert.Equal(new long[] { 8, 4 }, Assert.Single(h.Recorder.Batches).Shapes[0]);
        for (var i = 0; i < rows.Length; i++)
        {
            var output = Assert.Single(await tasks[i]);
            Assert.Equal("y", output.Name);
            Assert.Equal(new long[] { rows[i], 4 }, output.Shape);
            Assert.Equal(TestTensors.Doubled(TestTensors.ToFloats(requests[i].Inputs[0])), TestTensors.ToFloats(output));
        }
    }

    [Fact(Timeout = Timeout)]
    public async Task ScheduleAsync_DifferentNonBatchShapes_NeverShareABatch()
    {
        await using var h = new SchedulerHarness(Options(delayMicroseconds: 0), TestOnnxModels.Identity(TensorDataType.Fp32, "N", "W"));
        var hold = h.Scheduler.ScheduleAsync(Wide(2, 0));
        await h.Recorder.NextBatchAsync();
        var tasks = new[]
        {
            h.Scheduler.ScheduleAsync(Wide(2, 10)),
            h.Scheduler.ScheduleAsync(Wide(3, 20)),
            h.Scheduler.ScheduleAsync(Wide(2, 30)),
            h.Scheduler.ScheduleAsync(Wide(3, 40)),
        };

        h.Gate.Release(3);
        await Task.WhenAll(tasks).WaitAsync(WaitLimit);
        await hold.WaitAsync(WaitLimit);

        var batches = h.Recorder.Batches;
        Assert.Equal(3, batches.Count);
        Assert.Equal(new long[] { 2, 2 }, batches[1].Shapes[0]);
        Assert.Equal(new float[] { 10, 11, 30, 31 }, batches[1].FirstInput);
        Assert.Equal(new long[] { 2, 3 }, batches[2].Shapes[0]);
        Assert.Equal(new float[] { 20, 21, 22, 40, 41, 42 }, batches[2].FirstInput);
        Assert.Equal(new float[] { 20, 21, 22 }, TestTensors.ToFloats(Assert.Single(await tasks[1])));
        Assert.Equal(new float[] { 30, 31 }, TestTensors.ToFloats(Assert.Single(await tasks[2])));

        static InferenceRequest Wide(int width, float first) =>
            new() { Inputs = [TestTensors.Fp32("x", [1, width], TestTensors.Sequence(width, first))] };
    }

    [Fact(Timeout = Timeout)]
    public async Task ScheduleAsync_BatchlessScalar_EqualValuesShareABatchDifferentOnesDoNot()
    {
        await using var h = new SchedulerHarness(Options(delayMicroseconds: 0), TestOnnxModels.ScaleByScalar());
        var hold = h.Scheduler.ScheduleAsync(Scaled(0, 2));
        await h.Recorder.NextBatchAsync();
        var tasks = new[]
        {
            h.Scheduler.ScheduleAsync(Scaled(10, 2)),
            h.Scheduler.ScheduleAsync(Scaled(20, 3)),
            h.Scheduler.ScheduleAsync(Scaled(30, 2)),
        };

        h.Gate.Release(3);
        await Task.WhenAll(tasks).WaitAsync(WaitLimit);
        await hold.WaitAsync(WaitLimit);

        var batches = h.Recorder.Batches;
        Assert.Equal(3, batches.Count);
        Assert.Equal(new long[] { 2, 4 }, batches[1].Shapes[0]);
        Assert.Equal(new float[] { 10, 11, 12, 13, 30, 31, 32, 33 }, batches[1].FirstInput);
        Assert.Equal(new long[] { 1, 4 }, batches[2].Shapes[0]);
        Assert.Equal(new float[] { 20, 21, 22, 23 }, batches[2].FirstInput);
        Assert.Equal(new float[] { 20, 22, 24, 26 }, TestTensors.ToFloats(Assert.Single(await tasks[0])));
        Assert.Equal(new float[] { 60, 63, 66, 69 }, TestTensors.ToFloats(Assert.Single(await tasks[1])));
        Assert.Equal(new float[] { 60, 62, 64, 66 }, TestTensors.ToFloats(Assert.Single(await tasks[2])));

        static InferenceRequest Scaled(float first, long sr) =>
            new() { Inputs = [TestTensors.Fp32("x", [1, 4], TestTensors.Sequence(4, first)), TestTensors.Int64("sr", [], sr)] };
    }

    [Fact(Timeout = Timeout)]
    public async Task ScheduleAsync_QueueFull_RejectsAtOnceWithUnavailable()
    {
        await using var h = new SchedulerHarness(Options(delayMicroseconds: 0) with { MaxQueueSize = 2 });
        var running = h.Scheduler.ScheduleAsync(TestTensors.Rows(1, 0));
        await h.Recorder.NextBatchAsync();
        var queued = new[] { h.Scheduler.ScheduleAsync(TestTensors.Rows(1, 10)), h.Scheduler.ScheduleAsync(TestTensors.Rows(1, 20)) };

        var rejected = h.Scheduler.ScheduleAsync(TestTensors.Rows(1, 30));

        Assert.True(rejected.IsFaulted);
        var error = await Assert.ThrowsAsync<InferenceException>(() => rejected);
        Assert.Equal(InferenceErrorKind.Unavailable, error.Kind);
        Assert.Equal("queue of model 'scale' is full (2 requests)", error.Message);
        h.Gate.Release(2);
        await Task.WhenAll([running, .. queued]).WaitAsync(WaitLimit);
        Assert.DoesNotContain(h.Recorder.Batches, b => b.FirstInput.Contains(30));
    }

    [Fact(Timeout = Timeout)]
    public async Task ScheduleAsync_TimeoutPassesInQueue_DeadlineExceededAndNeverExecuted()
    {
        await using var h = new SchedulerHarness(Options(delayMicroseconds: 0) with { DefaultTimeoutMicroseconds = 2_000 });
        var running = h.Scheduler.ScheduleAsync(TestTensors.Rows(1, 0));
        await h.Recorder.NextBatchAsync();
        var expiring = h.Scheduler.ScheduleAsync(TestTensors.Rows(1, 99));
        var patient = h.Scheduler.ScheduleAsync(TestTensors.Rows(1, 10, timeoutMicroseconds: 1_000_000));

        h.FakeTime.Advance(TimeSpan.FromMicroseconds(1_999));
        Assert.False(expiring.IsCompleted);
        h.FakeTime.Advance(TimeSpan.FromMicroseconds(1));

        var error = await Assert.ThrowsAsync<InferenceException>(() => expiring.WaitAsync(WaitLimit));
        Assert.Equal(InferenceErrorKind.DeadlineExceeded, error.Kind);
        Assert.Equal(1, h.Scheduler.QueuedCount);
        h.Gate.Release(2);
        await Task.WhenAll(running, patient).WaitAsync(WaitLimit);
        var batches = h.Recorder.Batches;
        Assert.Equal(2, batches.Count);
        Assert.Equal(TestTensors.Sequence(4, 10), batches[1].FirstInput);
        Assert.DoesNotContain(batches, b => b.FirstInput.Contains(99));
    }

    [Fact(Timeout = Timeout)]
    public async Task ScheduleAsync_HigherPriority_BatchesFirst()
    {
        await using var h = new SchedulerHarness(Options(maxBatchSize: 2, delayMicroseconds: 0) with { PriorityLevels = 2, DefaultPriorityLevel = 2 });
        var running = h.Scheduler.ScheduleAsync(TestTensors.Rows(2, 0));
        await h.Recorder.NextBatchAsync();
        var tasks = new[]
        {
            h.Scheduler.ScheduleAsync(TestTensors.Rows(1, 10)),
            h.Scheduler.ScheduleAsync(TestTensors.Rows(1, 20, priority: 2)),
            h.Scheduler.ScheduleAsync(TestTensors.Rows(1, 30)),
            h.Scheduler.ScheduleAsync(TestTensors.Rows(1, 40, priority: 1)),
            h.Scheduler.ScheduleAsync(TestTensors.Rows(1, 50, priority: 1)),
        };

        h.Gate.Release(4);
        await Task.WhenAll([running, .. tasks]).WaitAsync(WaitLimit);

        var batches = h.Recorder.Batches;
        Assert.Equal(4, batches.Count);
        Assert.Equal([.. TestTensors.Sequence(4, 40), .. TestTensors.Sequence(4, 50)], batches[1].FirstInput);
        Assert.Equal([.. TestTensors.Sequence(4, 10), .. TestTensors.Sequence(4, 20)], batches[2].FirstInput);
        Assert.Equal(TestTensors.Sequence(4, 30), batches[3].FirstInput);
    }

    [Fact(Timeout = Timeout)]
    public async Task ScheduleAsync_PriorityOutOfRange_RejectsWithInvalidArgument()
    {
        await using var h = new SchedulerHarness(Options(delayMicroseconds: 0) with { PriorityLevels = 2 });

        var rejected = h.Scheduler.ScheduleAsync(TestTensors.Rows(1, 0, priority: 3));

        var error = await Assert.ThrowsAsync<InferenceException>(() => rejected);
        Assert.Equal(InferenceErrorKind.InvalidArgument, error.Kind);
        Assert.Equal("priority 3 is out of range for model 'scale', which has levels 1 to 2", error.Message);
        Assert.Equal(0, h.Scheduler.QueuedCount);
    }

    [Fact(Timeout = Timeout)]
    public async Task ScheduleAsync_MaxBatchSize_CapsTheBatchDimension()
    {
        await using var h = new SchedulerHarness(Options(maxBatchSize: 8, delayMicroseconds: 0));
        var running = h.Scheduler.ScheduleAsync(TestTensors.Rows(3, 0));
        await h.Recorder.NextBatchAsync();
        var tasks = new Task[4];
        for (var i = 0; i < tasks.Length; i++)
        {
            tasks[i] = h.Scheduler.ScheduleAsync(TestTensors.Rows(3, 100 * (i + 1)));
        }

        h.Gate.Release(3);
        await Task.WhenAll([running, .. tasks]).WaitAsync(WaitLimit);

        var batches = h.Recorder.Batches;
        Assert.Equal(3, batches.Count);
        Assert.Equal(new long[] { 3, 4 }, batches[0].Shapes[0]);
        Assert.Equal(new long[] { 6, 4 }, batches[1].Shapes[0]);
        Assert.Equal(new long[] { 6, 4 }, batches[2].Shapes[0]);
    }

    [Fact(Timeout = Timeout)]
    public async Task ScheduleAsync_TwoExecutors_TwoBatchesInFlightAtOnce()
    {
        await using var h = new SchedulerHarness(Options(delayMicroseconds: 0) with { Executors = 2 });
        var a = h.Scheduler.ScheduleAsync(TestTensors.Rows(1, 0));
        var b = h.Scheduler.ScheduleAsync(TestTensors.Rows(1, 10));
        await h.Recorder.NextBatchAsync();
        await h.Recorder.NextBatchAsync();

        var c = h.Scheduler.ScheduleAsync(TestTensors.Rows(1, 20));

        Assert.Equal(1, h.Scheduler.QueuedCount);
        h.Gate.Release(3);
        await Task.WhenAll(a, b, c).WaitAsync(WaitLimit);
        Assert.Equal(3, h.Recorder.Batches.Count);
    }

    [Fact(Timeout = Timeout)]
    public async Task ScheduleAsync_OneTenantFloods_OtherTenantSharesTheNextBatch()
    {
        await using var h = new SchedulerHarness(Options(maxBatchSize: 4, delayMicroseconds: 0));
        var running = h.Scheduler.ScheduleAsync(TestTensors.Rows(1, 0, tenant: "flood"));
        await h.Recorder.NextBatchAsync();
        var tasks = new List<Task>();
        for (var i = 1; i <= 6; i++)
        {
            tasks.Add(h.Scheduler.ScheduleAsync(TestTensors.Rows(1, 100 * i, tenant: "flood")));
        }

        tasks.Add(h.Scheduler.ScheduleAsync(TestTensors.Rows(1, 10, tenant: "quiet")));
        tasks.Add(h.Scheduler.ScheduleAsync(TestTensors.Rows(1, 20, tenant: "quiet")));

        h.Gate.Release(3);
        await Task.WhenAll([running, .. tasks]).WaitAsync(WaitLimit);

        var batches = h.Recorder.Batches;
        Assert.Equal(3, batches.Count);
        Assert.Equal([.. TestTensors.Sequence(4, 100), .. TestTensors.Sequence(4, 10), .. TestTensors.Sequence(4, 200), .. TestTensors.Sequence(4, 20)], batches[1].FirstInput);
        Assert.Equal([.. TestTensors.Sequence(4, 300), .. TestTensors.Sequence(4, 400), .. TestTensors.Sequence(4, 500), .. TestTensors.Sequence(4, 600)], batches[2].FirstInput);
    }

    [Fact(Timeout = Timeout)]
    public async Task DisposeAsync_RequestsQueued_FailsThemWithUnavailableAndFinishesTheRunningBatch()
    {
        var h = new SchedulerHarness(Options(delayMicroseconds: 0));
        await using var _ = h;
        var running = h.Scheduler.ScheduleAsync(TestTensors.Rows(1, 0));
        await h.Recorder.NextBatchAsync();
        var queued = new[] { h.Scheduler.ScheduleAsync(TestTensors.Rows(1, 10)), h.Scheduler.ScheduleAsync(TestTensors.Rows(1, 20)) };

        var disposing = h.Scheduler.DisposeAsync().AsTask();

        foreach (var task in queued)
        {
            var error = await Assert.ThrowsAsync<InferenceException>(() => task.WaitAsync(WaitLimit));
            Assert.Equal(InferenceErrorKind.Unavailable, error.Kind);
        }

        Assert.False(disposing.IsCompleted);
        h.Gate.Release();
        await disposing.WaitAsync(WaitLimit);
        Assert.Equal(new float[] { 0, 2, 4, 6 }, TestTensors.ToFloats(Assert.Single(await running)));
        var late = await Assert.ThrowsAsync<InferenceException>(() => h.Scheduler.ScheduleAsync(TestTensors.Rows(1, 30)));
        Assert.Equal(InferenceErrorKind.Unavailable, late.Kind);
        Assert.Single(h.Recorder.Batches);
    }

    [Fact(Timeout = Timeout)]
    public async Task ScheduleAsync_SystemClock_DelayTimerCutsThePartialBatch()
    {
        await using var h = new SchedulerHarness(Options(preferred: [4], delayMicroseconds: 1_000), time: TimeProvider.System);
        h.Gate.Release(10);

        var output = await h.Scheduler.ScheduleAsync(TestTensors.Rows(1, 1)).WaitAsync(WaitLimit);

        Assert.Equal(new float[] { 2, 4, 6, 8 }, TestTensors.ToFloats(Assert.Single(output)));
    }

    [Fact(Timeout = Timeout)]
    public async Task ScheduleAsync_Batches_RecordBatchSizeQueueAndComputeDurationsAndPending()
    {
        await using var h = new SchedulerHarness(Options(preferred: [3], delayMicroseconds: 5_000));
        var batchSizes = new List<int>();
        var durations = new Dictionary<string, int>();
        long pending = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Scope == h.Meters)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<int>((instrument, value, _, _) =>
        {
            lock (batchSizes)
            {
                batchSizes.Add(value);
            }
        });
        listener.SetMeasurementEventCallback<double>((instrument, _, _, _) =>
        {
            lock (durations)
            {
                durations[instrument.Name] = durations.GetValueOrDefault(instrument.Name) + 1;
            }
        });
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => Interlocked.Add(ref pending, value));
        listener.Start();

        var tasks = new[]
        {
            h.Scheduler.ScheduleAsync(TestTensors.Rows(1, 0)),
            h.Scheduler.ScheduleAsync(TestTensors.Rows(1, 10)),
            h.Scheduler.ScheduleAsync(TestTensors.Rows(1, 20)),
        };
        Assert.Equal(3, Interlocked.Read(ref pending));
        h.Gate.Release(10);
        await Task.WhenAll(tasks).WaitAsync(WaitLimit);
        var last = h.Scheduler.ScheduleAsync(TestTensors.Rows(1, 30));
        h.FakeTime.Advance(TimeSpan.FromMicroseconds(5_000));
        await last.WaitAsync(WaitLimit);

        Assert.Equal([3, 1], batchSizes);
        Assert.Equal(4, durations["aiaas.inference.queue.duration"]);
        Assert.Equal(4, durations["aiaas.inference.compute.duration"]);
        Assert.Equal(0, Interlocked.Read(ref pending));
    }

    [Fact(Timeout = Timeout)]
    public async Task ScheduleAsync_BatchesOfFourFourAndTwo_StatisticsMatchTheBatchesFormed()
    {
        await using var h = new SchedulerHarness(Options(preferred: [4], delayMicroseconds: 5_000));
        var first = h.Scheduler.ScheduleAsync(TestTensors.Rows(4, 0));
        await h.Recorder.NextBatchAsync();
        var queued = new Task<IReadOnlyList<TensorPayload>>[6];
        for (var i = 0; i < queued.Length; i++)
        {
            queued[i] = h.Scheduler.ScheduleAsync(TestTensors.Rows(1, 100 * (i + 1)));
        }

        h.Gate.Release(2);
        await Task.WhenAll([first, .. queued[..4]]).WaitAsync(WaitLimit);
        h.FakeTime.Advance(TimeSpan.FromMicroseconds(5_000));
        h.Gate.Release();
        await Task.WhenAll(queued).WaitAsync(WaitLimit);

        var statistics = h.Statistics.Snapshot("scale", 1);
        Assert.Equal(3, statistics.ExecutionCount);
        Assert.Equal(4 + 6, statistics.InferenceCount);
        // Only the last two waited, for the 5 ms delay each; the fake clock stood still otherwise.
        Assert.Equal(new StatisticDuration(7, 2 * 5_000_000), statistics.Queue);
        Assert.Equal(7, statistics.ComputeInput.Count);
        Assert.Equal(7, statistics.ComputeInfer.Count);
        Assert.Equal(7, statistics.ComputeOutput.Count);
        Assert.True(statistics.ComputeInfer.Ns > 0);
        Assert.Equal([(2, 1L), (4, 2L)], statistics.BatchStats.Select(b => (b.BatchSize, b.ComputeInfer.Count)));
        Assert.All(statistics.BatchStats, b => Assert.Equal(b.ComputeInfer.Count, b.ComputeInput.Count));
        Assert.All(statistics.BatchStats, b => Assert.Equal(b.ComputeInfer.Count, b.ComputeOutput.Count));
        // Request outcomes are the replica grain's to record, not the scheduler's.
        Assert.Equal(StatisticDuration.Zero, statistics.Success);
    }

    [Fact(Timeout = Timeout)]
    public async Task ScheduleAsync_ExecutionFailsOrRequestExpires_NoExecutionRecorded()
    {
        await using var h = new SchedulerHarness(Options(delayMicroseconds: 0) with { DefaultTimeoutMicroseconds = 2_000 });
        var running = h.Scheduler.ScheduleAsync(TestTensors.Rows(1, 0));
        await h.Recorder.NextBatchAsync();
        var expiring = h.Scheduler.ScheduleAsync(TestTensors.Rows(1, 10));
        h.FakeTime.Advance(TimeSpan.FromMicroseconds(2_000));
        await Assert.ThrowsAsync<InferenceException>(() => expiring.WaitAsync(WaitLimit));
        h.Gate.Release();
        await running.WaitAsync(WaitLimit);
        // Rank 3 for a rank-2 input: ONNX Runtime itself fails the run (no validation in front of a bare scheduler).
        var failing = h.Scheduler.ScheduleAsync(new InferenceRequest { Inputs = [TestTensors.Fp32("x", [1, 2, 2], 1, 2, 3, 4)] });
        h.Gate.Release();
        await Assert.ThrowsAsync<InferenceException>(() => failing.WaitAsync(WaitLimit));

        var statistics = h.Statistics.Snapshot("scale", 1);
        Assert.Equal(1, statistics.ExecutionCount);
        Assert.Equal(1, statistics.InferenceCount);
        Assert.Equal(1, statistics.Queue.Count);
        Assert.Equal([1], statistics.BatchStats.Select(b => b.BatchSize));
    }

    [Fact(Timeout = Timeout)]
    public async Task ScheduleAsync_DefaultRuleFreeExecutor_RunsWhatHasQueuedWithoutWaitingForTheDelay()
    {
        await using var h = new SchedulerHarness(Options(preferred: [4], delayMicroseconds: 5_000, triton: false));
        var first = h.Scheduler.ScheduleAsync(TestTensors.Rows(1, 0));
        // No time passes: Triton would hold this one request for 5 ms waiting for three more.
        Assert.Equal(new long[] { 1, 4 }, (await h.Recorder.NextBatchAsync()).Shapes[0]);

        var queued = new[] { h.Scheduler.ScheduleAsync(TestTensors.Rows(1, 100)), h.Scheduler.ScheduleAsync(TestTensors.Rows(1, 200)) };
        Assert.Equal(2, h.Scheduler.QueuedCount);
        h.Gate.Release();
        var second = await h.Recorder.NextBatchAsync();
        Assert.Equal(new long[] { 2, 4 }, second.Shapes[0]);
        Assert.Equal(0, h.Scheduler.QueuedCount);
        h.Gate.Release();

        await Task.WhenAll([first, .. queued]).WaitAsync(WaitLimit);
        Assert.Equal([.. TestTensors.Sequence(4, 100), .. TestTensors.Sequence(4, 200)], second.FirstInput);
        Assert.Equal(TestTensors.Doubled(TestTensors.Sequence(4, 200)), TestTensors.ToFloats(Assert.Single(await queued[1])));
    }

    [Fact(Timeout = Timeout)]
    public async Task ScheduleAsync_DefaultRuleMoreHereThanAPreferredBatch_FreeExecutorWaitsForItUpToTheDelay()
    {
        // Three executors each running one request and three waiting: six here, more than the
        // preferred 4, so the executor that frees waits for a fourth rather than run three.
        await using var h = new SchedulerHarness(Options(preferred: [4], delayMicroseconds: 5_000, triton: false) with { Executors = 3 });
        var running = new List<Task<IReadOnlyList<TensorPayload>>>();
        for (var i = 0; i < 3; i++)
        {
            running.Add(h.Scheduler.ScheduleAsync(TestTensors.Rows(1, 100 * i)));
            // Fewer here than a preferred batch: each runs at once, alone.
            Assert.Equal(new long[] { 1, 4 }, (await h.Recorder.NextBatchAsync()).Shapes[0]);
        }

        var waiting = Enumerable.Range(3, 3).Select(i => h.Scheduler.ScheduleAsync(TestTensors.Rows(1, 100 * i))).ToList();
        h.Gate.Release();
        // The scheduler cuts (or not) before it completes the freed executor's request.
        await await Task.WhenAny(running).WaitAsync(WaitLimit);
        Assert.Equal(3, h.Recorder.Batches.Count);
        Assert.Equal(3, h.Scheduler.QueuedCount);

        var fourth = h.Scheduler.ScheduleAsync(TestTensors.Rows(1, 600));
        Assert.Equal(new long[] { 4, 4 }, (await h.Recorder.NextBatchAsync()).Shapes[0]);
        Assert.Equal(0, h.Scheduler.QueuedCount);

        // The wait is bounded by max_queue_delay: three more, nobody else, and the delay passes.
        // Whichever run the gate lets go (a single or the batch of 4), five or more stay here.
        var inFlight = running.Where(t => !t.IsCompleted).Concat(waiting).Append(fourth).ToList();
        waiting.AddRange(Enumerable.Range(7, 3).Select(i => h.Scheduler.ScheduleAsync(TestTensors.Rows(1, 100 * i))));
        h.Gate.Release();
        await await Task.WhenAny(inFlight).WaitAsync(WaitLimit);
        Assert.Equal(4, h.Recorder.Batches.Count);
        Assert.Equal(3, h.Scheduler.QueuedCount);
        h.FakeTime.Advance(TimeSpan.FromMilliseconds(5));
        Assert.Equal(new long[] { 3, 4 }, (await h.Recorder.NextBatchAsync()).Shapes[0]);

        h.Gate.Release(10);
        await Task.WhenAll([.. running, .. waiting, fourth]).WaitAsync(WaitLimit);
    }

    [Fact(Timeout = Timeout)]
    public async Task ScheduleAsync_DefaultRulePreferredSizeReached_StillCutsAtThePreferredSize()
    {
        await using var h = new SchedulerHarness(Options(preferred: [4], delayMicroseconds: 5_000, triton: false));
        var first = h.Scheduler.ScheduleAsync(TestTensors.Rows(1, 0));
        await h.Recorder.NextBatchAsync();
        var queued = Enumerable.Range(1, 6).Select(i => h.Scheduler.ScheduleAsync(TestTensors.Rows(1, 100 * i))).ToArray();

        h.Gate.Release();
        Assert.Equal(new long[] { 4, 4 }, (await h.Recorder.NextBatchAsync()).Shapes[0]);
        Assert.Equal(2, h.Scheduler.QueuedCount);
        h.Gate.Release();
        Assert.Equal(new long[] { 2, 4 }, (await h.Recorder.NextBatchAsync()).Shapes[0]);
        h.Gate.Release();
        await Task.WhenAll([first, .. queued]).WaitAsync(WaitLimit);
    }

    [Fact(Timeout = Timeout)]
    public async Task ScheduleAsync_DefaultRuleBatchesCostMorePerItem_LimitFallsToSingleRequests()
    {
        // Eight waiting, max_batch_size 8: every run of 8 costs 160 us a row on the fake clock, a run
        // of 1 costs 100 us. The tuner moves to 1 once the probes of 1 are measured.
        await using var h = new SchedulerHarness(Options(triton: false));
        var pending = new List<Task<IReadOnlyList<TensorPayload>>>();
        var sizes = new List<long>();
        pending.Add(h.Scheduler.ScheduleAsync(TestTensors.Rows(1, 0)));
        for (var run = 0; run < 3 * BatchSizeTuner.ProbeEvery * 4; run++)
        {
            var size = (await h.Recorder.NextBatchAsync()).Shapes[0][0];
            sizes.Add(size);
            h.FakeTime.Advance(TimeSpan.FromMicroseconds(size == 1 ? 100 : 160 * size));
            // Eight wait when the run ends, so the next batch is as large as the limit lets it be.
            while (h.Scheduler.QueuedCount < 8)
            {
                pending.Add(h.Scheduler.ScheduleAsync(TestTensors.Rows(1, pending.Count)));
            }

            h.Gate.Release();
        }

        // The last probe cycle: single rows, but for the probes of 2, 4 and 8.
        var last = sizes.TakeLast(BatchSizeTuner.ProbeEvery * 3).ToList();
        Assert.Equal(BatchSizeTuner.ProbeEvery * 3 - 3, last.Count(s => s == 1));
        Assert.Equal([2L, 4L, 8L], last.Where(s => s != 1).Order());
        h.Gate.Release(100);
        await Task.WhenAll(pending).WaitAsync(WaitLimit);
    }

    [Theory(Timeout = Timeout)]
    [InlineData(1.5, new long[] { 3, 3 }, new long[] { 2, 8 })]
    [InlineData(0, new long[] { 5, 8 }, null)]
    public async Task ScheduleAsync_RaggedLengthsWithPaddingBound_BatchesNearLengthsTogether(double maxPaddingRatio, long[] firstShape, long[]? secondShape)
    {
        // Lengths 2, 8, 2, 8, 3 wait behind a busy executor. With the bound 1.5 the head's batch takes
        // 2, 2 and 3 (9 elements run for 7 sent) and passes over the 8s (16 run for 10 sent), which
        // go next together; without it all five go padded to 8 (40 run for 23 sent), as in Triton.
        var options = Options() with { Axes = BatchAxes.Ragged(["x"], ["y"]), MaxPaddingRatio = maxPaddingRatio };
        await using var h = new SchedulerHarness(options, TestOnnxModels.RaggedScale());
        var first = h.Scheduler.ScheduleAsync(Ragged(2, 0));
        await h.Recorder.NextBatchAsync();
        int[] lengths = [2, 8, 2, 8, 3];
        var queued = lengths.Select((length, i) => h.Scheduler.ScheduleAsync(Ragged(length, 100 * (i + 1)))).ToArray();

        h.Gate.Release();
        Assert.Equal(firstShape, (await h.Recorder.NextBatchAsync()).Shapes[0]);
        h.Gate.Release();
        if (secondShape is not null)
        {
            Assert.Equal(secondShape, (await h.Recorder.NextBatchAsync()).Shapes[0]);
            h.Gate.Release();
        }

        await Task.WhenAll([first, .. queued]).WaitAsync(WaitLimit);
        for (var i = 0; i < lengths.Length; i++)
        {
            var output = Assert.Single(await queued[i]);
            Assert.Equal(new long[] { 1, lengths[i] }, output.Shape);
            Assert.Equal(TestTensors.Doubled(TestTensors.Sequence(lengths[i], 100 * (i + 1))), TestTensors.ToFloats(output));
        }

        Assert.Equal(secondShape is null ? 2 : 3, h.Recorder.Batches.Count);
    }

    private static InferenceRequest Ragged(int length, float first) =>
        new() { Inputs = [TestTensors.Fp32("x", [1, length], TestTensors.Sequence(length, first))] };

    // Triton's rule unless a test says otherwise: most tests here pin it exactly.
    private static DynamicBatchSchedulerOptions Options(int maxBatchSize = 8, int[]? preferred = null, long delayMicroseconds = 0, bool triton = true) => new()
    {
        ModelName = "scale",
        MaxBatchSize = maxBatchSize,
        PreferredBatchSizes = preferred ?? [],
        MaxQueueDelayMicroseconds = delayMicroseconds,
        TritonBatching = triton,
    };
}
