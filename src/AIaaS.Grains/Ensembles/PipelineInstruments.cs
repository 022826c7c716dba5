using System.Diagnostics.Metrics;
using AIaaS.Grains.Diagnostics;

namespace AIaaS.Grains.Ensembles;

/// <summary>
/// The instruments of pipelines, beside each step model's own (which count the step's requests,
/// queue and compute like any model's): how long each step took as the pipeline saw it.
/// </summary>
internal sealed class PipelineInstruments
{
    public PipelineInstruments(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(InferenceInstruments.MeterName);
        StepDuration = meter.CreateHistogram<double>(
            "aiaas.pipeline.step.duration",
            "s",
            "Time one pipeline step took, from its inputs being ready to its outputs, by pipeline, step, step model and outcome",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] });
    }

    public Histogram<double> StepDuration { get; }
}
