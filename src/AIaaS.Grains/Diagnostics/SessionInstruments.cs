using System.Diagnostics.Metrics;

namespace AIaaS.Grains.Diagnostics;

/// <summary>
/// The instruments of sessions, on the serving meter (<see cref="InferenceInstruments.MeterName"/>):
/// <c>aiaas_sessions_active</c>, <c>aiaas_session_steps_total</c>,
/// <c>aiaas_session_checkpoint_duration_seconds</c>, <c>aiaas_session_failovers_total</c>.
/// </summary>
internal sealed class SessionInstruments
{
    public SessionInstruments(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(InferenceInstruments.MeterName);
        Active = meter.CreateUpDownCounter<long>("aiaas.sessions.active", "{session}", "Open sessions held on this silo");
        Steps = meter.CreateCounter<long>("aiaas.session.steps", "{step}", "Session steps by model and outcome (success, repeated, or the failure reason)");
        CheckpointDuration = meter.CreateHistogram<double>("aiaas.session.checkpoint.duration", "s", "Time to store a session's state in grain storage",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1] });
        Failovers = meter.CreateCounter<long>("aiaas.session.failovers", "{session}", "Open sessions resumed from stored state by a new activation (after their silo died or restarted)");
    }

    public UpDownCounter<long> Active { get; }

    public Counter<long> Steps { get; }

    public Histogram<double> CheckpointDuration { get; }

    public Counter<long> Failovers { get; }
}
