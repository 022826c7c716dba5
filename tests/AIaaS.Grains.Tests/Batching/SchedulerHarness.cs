using AIaaS.Grains.Batching;
using AIaaS.Grains.Diagnostics;
using AIaaS.Grains.Statistics;
using AIaaS.Inference.Onnx;
using AIaaS.Testing.Onnx;
using Microsoft.Extensions.Time.Testing;

namespace AIaaS.Grains.Tests.Batching;

/// <summary>
/// A <see cref="DynamicBatchScheduler"/> over a real tiny model, behind a gate and a recorder, on a
/// fake clock: the test decides when executors finish and when time passes.
/// </summary>
internal sealed class SchedulerHarness : IAsyncDisposable
{
    private readonly LoadedTestModel _model;

    public SchedulerHarness(DynamicBatchSchedulerOptions options, OnnxModelBuilder? model = null, TimeProvider? time = null)
    {
        Time = time ?? new FakeTimeProvider();
        _model = new LoadedTestModel(model ?? TestOnnxModels.Scale(2f));
        Gate = new GatedRunner(_model.Model.Run);
        Recorder = new RecordingRunner(Gate.Run);
        Instruments = new InferenceInstruments(Meters);
        Statistics = new ReplicaStatistics(Time, options.MaxBatchSize);
        Scheduler = new DynamicBatchScheduler(options, Recorder.Run, Statistics, Instruments, InferenceInstruments.ModelTags(options.ModelName, "1"), Time);
    }

    public TimeProvider Time { get; }

    /// <summary>The fake clock; only when the harness was not given another.</summary>
    public FakeTimeProvider FakeTime => (FakeTimeProvider)Time;

    /// <summary>The scope of the instruments' meters, for a <see cref="System.Diagnostics.Metrics.MeterListener"/>.</summary>
    public TestMeterFactory Meters { get; } = new();

    public InferenceInstruments Instruments { get; }

    /// <summary>What the scheduler records of its executions.</summary>
    public ReplicaStatistics Statistics { get; }

    public GatedRunner Gate { get; }

    public RecordingRunner Recorder { get; }

    public DynamicBatchScheduler Scheduler { get; }

    public async ValueTask DisposeAsync()
    {
        // Whatever a failed test left gated may run now; the scheduler waits for it.
        Gate.Release(100);
        await Scheduler.DisposeAsync();
        Gate.Dispose();
        Meters.Dispose();
        _model.Dispose();
    }
}
