using System.Diagnostics.Metrics;
using AIaaS.Grains.Batching;
using AIaaS.Inference.Batching;
using AIaaS.Models;
using AIaaS.Tensors;

namespace AIaaS.Grains.Tests.Batching;

/// <summary>
/// The executor a <see cref="DynamicBatchScheduler"/> keeps for light tenants while a heavy one
/// floods (<c>dynamic_batching.isolate_tenants</c>), on a real model behind a gate: which requests
/// each run took, not how long it took.
/// </summary>
public sealed class TenantIsolationTests
{
    private const int Timeout = 30_000;
    private const float Quiet = 10_000;
    private static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(10);

    [Theory]
    [InlineData(null, true)]
    [InlineData(true, true)]
    [InlineData(false, false)]
    public void FromConfig_IsolateTenants_IsOnUnlessTheConfigTurnsItOff(bool? configured, bool expected)
    {
        var config = new ModelConfig { Name = "m", MaxBatchSize = 8, Executors = 2, DynamicBatching = new DynamicBatchingConfig { IsolateTenants = configured } };

        Assert.Equal(expected, DynamicBatchSchedulerOptions.FromConfig(config, BatchAxes.Leading).IsolateTenants);
    }

    [Theory(Timeout = Timeout)]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ScheduleAsync_QuietTenantBesideAFlood_RunsAloneOnlyWhenTenantsAreIsolated(bool isolate)
    {
        await using var h = new SchedulerHarness(Options(isolate));
        using var isolatedRuns = new IsolatedRunCounter(h);
        var tasks = await FloodBothExecutorsAsync(h, queued: 8);
        tasks.Add(h.Scheduler.ScheduleAsync(TestTensors.Rows(1, Quiet, tenant: "quiet")));

        // The first run to finish frees an executor: isolated, the lane takes the quiet request
        // alone; shared, the round-robin puts it into the flood's next batch.
        h.Gate.Release();
        var next = await h.Recorder.NextBatchAsync();
        Assert.Equal(isolate ? 1 : 4, next.Shapes[0][0]);
        Assert.Contains(Quiet, next.FirstInput);
        Assert.Equal(isolate ? 1 : 0, isolatedRuns.Count);

        h.Gate.Release(10);
        await Task.WhenAll(tasks).WaitAsync(WaitLimit);
    }

    [Fact(Timeout = Timeout)]
    public async Task ScheduleAsync_QuietTenantBesideAFlood_QuietRequestsRunAloneAndBatchesTakeOnlyTheFlood()
    {
        await using var h = new SchedulerHarness(Options(isolate: true));
        var tasks = await FloodBothExecutorsAsync(h, queued: 16);
        var quiet = new List<Task<IReadOnlyList<TensorPayload>>>();
        for (var i = 0; i < 3; i++)
        {
            quiet.Add(h.Scheduler.ScheduleAsync(TestTensors.Rows(1, Quiet + (100 * i), tenant: "quiet")));
            // Whichever executor frees: the lane takes a quiet request alone, a batch executor
            // passes it over for a whole batch of the flood.
            h.Gate.Release();
            var run = await h.Recorder.NextBatchAsync();
            var alone = run.FirstInput[0] >= Quiet;
            Assert.Equal(alone ? 1 : 4, run.Shapes[0][0]);
            Assert.All(run.FirstInput, value => Assert.Equal(alone, value >= Quiet));
        }

        // One run at a time until the quiet requests are answered, the flood kept heavy meanwhile
        // (once it is light, nobody is isolated and a quiet request may batch with it again).
        var answered = Task.WhenAll(quiet);
        while (!answered.IsCompleted)
        {
            for (var i = 0; i < 4; i++)
            {
                tasks.Add(h.Scheduler.ScheduleAsync(TestTensors.Rows(1, tasks.Count, tenant: "flood")));
            }

            // The run released is the lane's last quiet request (no run follows it), or another.
            h.Gate.Release();
            await Task.WhenAny(h.Recorder.NextBatchAsync(), answered).WaitAsync(WaitLimit);
        }

        h.Gate.Release(tasks.Count);
        await Task.WhenAll([.. tasks, .. quiet]).WaitAsync(WaitLimit);
        for (var i = 0; i < quiet.Count; i++)
        {
            Assert.Equal(TestTensors.Doubled(TestTensors.Sequence(4, Quiet + (100 * i))), TestTensors.ToFloats(Assert.Single(await quiet[i])));
        }

        var quietRuns = h.Recorder.Batches.Where(b => b.FirstInput.Any(value => value >= Quiet)).ToList();
        Assert.Equal(3, quietRuns.Count);
        Assert.All(quietRuns, b => Assert.Equal(1, b.Shapes[0][0]));
    }

    [Fact(Timeout = Timeout)]
    public async Task ScheduleAsync_OneTenantFloodsAlone_BothExecutorsRunBatches()
    {
        await using var h = new SchedulerHarness(Options(isolate: true));
        var tasks = await FloodBothExecutorsAsync(h, queued: 8);

        h.Gate.Release(2);
        var third = await h.Recorder.NextBatchAsync();
        var fourth = await h.Recorder.NextBatchAsync();

        Assert.Equal(4, third.Shapes[0][0]);
        Assert.Equal(4, fourth.Shapes[0][0]);
        h.Gate.Release(2);
        await Task.WhenAll(tasks).WaitAsync(WaitLimit);
    }

    [Fact(Timeout = Timeout)]
    public async Task ScheduleAsync_QuietTenantGoneForASecond_TheLaneRunsTheFloodsBatchesAgain()
    {
        await using var h = new SchedulerHarness(Options(isolate: true));
        using var isolatedRuns = new IsolatedRunCounter(h);
        var tasks = await FloodBothExecutorsAsync(h, queued: 16);
        var quiet = h.Scheduler.ScheduleAsync(TestTensors.Rows(1, Quiet, tenant: "quiet"));
        h.Gate.Release();
        Assert.Equal(1, (await h.Recorder.NextBatchAsync()).Shapes[0][0]);

        // One run at a time until the quiet request is answered, the flood topped up by a batch's
        // worth each time so it stays heavy: only the flood's batches follow, and then the lane
        // idles, kept for the quiet tenant. (Runs are counted, not awaited: the quiet one is
        // followed by none.)
        while (!quiet.IsCompleted)
        {
            for (var i = 0; i < 4; i++)
            {
                tasks.Add(h.Scheduler.ScheduleAsync(TestTensors.Rows(1, tasks.Count, tenant: "flood")));
            }

            var started = h.Recorder.Batches.Count;
            h.Gate.Release();
            await UntilAsync(() => quiet.IsCompleted || h.Recorder.Batches.Count > started);
        }

        // The lane ran the quiet request alone and nothing of the flood (the batch executor's runs
        // are batches, or the tuner's probes of smaller sizes).
        Assert.Equal(1, isolatedRuns.Count);
        Assert.All(h.Recorder.Batches.Skip(3), b => Assert.DoesNotContain(b.FirstInput, value => value >= Quiet));

        // Within the second, a new request of the flood leaves the lane idle ...
        var before = h.Recorder.Batches.Count;
        tasks.Add(h.Scheduler.ScheduleAsync(TestTensors.Rows(1, 5_000, tenant: "flood")));
        await Task.Delay(50);
        Assert.Equal(before, h.Recorder.Batches.Count);

        // ... and a second without the quiet tenant, the next one gives the lane's executor to the
        // flood, while the other executor's run is still held.
        h.FakeTime.Advance(TimeSpan.FromSeconds(2));
        tasks.Add(h.Scheduler.ScheduleAsync(TestTensors.Rows(1, 5_100, tenant: "flood")));
        await UntilAsync(() => h.Recorder.Batches.Count > before);
        Assert.Equal(1, isolatedRuns.Count);
        h.Gate.Release(tasks.Count);
        await Task.WhenAll([.. tasks, quiet]).WaitAsync(WaitLimit);
    }

    private static async Task UntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + WaitLimit;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the scheduler did not get there within 10 s");
            await Task.Delay(5);
        }
    }

    /// <summary>Starts two single requests of the tenant "flood" (one per executor) and queues <paramref name="queued"/> more behind them.</summary>
    private static async Task<List<Task<IReadOnlyList<TensorPayload>>>> FloodBothExecutorsAsync(SchedulerHarness h, int queued)
    {
        var tasks = new List<Task<IReadOnlyList<TensorPayload>>>();
        for (var i = 0; i < 2; i++)
        {
            tasks.Add(h.Scheduler.ScheduleAsync(TestTensors.Rows(1, 100 * i, tenant: "flood")));
            await h.Recorder.NextBatchAsync();
        }

        for (var i = 0; i < queued; i++)
        {
            tasks.Add(h.Scheduler.ScheduleAsync(TestTensors.Rows(1, 100 * (i + 2), tenant: "flood")));
        }

        return tasks;
    }

    private static DynamicBatchSchedulerOptions Options(bool isolate) => new()
    {
        ModelName = "scale",
        MaxBatchSize = 4,
        Executors = 2,
        IsolateTenants = isolate,
    };

    /// <summary>Counts <c>aiaas.inference.isolated.runs</c> of one harness: the lane's runs.</summary>
    private sealed class IsolatedRunCounter : IDisposable
    {
        private readonly MeterListener _listener = new();
        private long _count;

        public IsolatedRunCounter(SchedulerHarness h)
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Scope == h.Meters && instrument.Name == "aiaas.inference.isolated.runs")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref _count, value));
            _listener.Start();
        }

        public long Count => Interlocked.Read(ref _count);

        public void Dispose() => _listener.Dispose();
    }
}
