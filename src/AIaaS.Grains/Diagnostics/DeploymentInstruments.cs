using System.Diagnostics;
using System.Diagnostics.Metrics;
using AIaaS.Rollouts;

namespace AIaaS.Grains.Diagnostics;

/// <summary>
/// The instruments of the model grain as a deployment controller: rollouts (traffic share per
/// version, state, decisions) and autoscaling (replicas, decisions). Exported as
/// <c>aiaas_rollout_*</c> and <c>aiaas_autoscaling_*</c>. They live on the meter of
/// <see cref="InferenceInstruments"/>, which every host already exports.
/// </summary>
internal sealed class DeploymentInstruments
{
    private static readonly RolloutState[] States = Enum.GetValues<RolloutState>();

    public DeploymentInstruments(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(InferenceInstruments.MeterName);
        RolloutShare = meter.CreateGauge<int>("aiaas.rollout.share", "{percent}", "Traffic share of each version of a model in a rollout, in percent");
        RolloutState = meter.CreateGauge<int>("aiaas.rollout.state", "{state}", "1 for the state a model's latest rollout is in, 0 for the others");
        RolloutDecisions = meter.CreateCounter<long>("aiaas.rollout.decisions", "{decision}", "Rollout decisions by action: hold, advance, promote, rollback, pause, resume, abort");
        Replicas = meter.CreateGauge<int>("aiaas.autoscaling.replicas", "{replica}", "Replicas the model grain keeps for a version");
        ScalingDecisions = meter.CreateCounter<long>("aiaas.autoscaling.decisions", "{decision}", "Replica count changes by direction (up or down)");
    }

    public Gauge<int> RolloutShare { get; }

    public Gauge<int> RolloutState { get; }

    public Counter<long> RolloutDecisions { get; }

    public Gauge<int> Replicas { get; }

    public Counter<long> ScalingDecisions { get; }

    public void RecordRollout(string model, int stableVersion, int candidateVersion, int share, RolloutState state)
    {
        RolloutShare.Record(100 - share, Tags(model, stableVersion));
        RolloutShare.Record(share, Tags(model, candidateVersion));
        foreach (var each in States)
        {
            RolloutState.Record(each == state ? 1 : 0, new TagList { { "model", model }, { "state", Name(each) } });
        }
    }

    public void RecordDecision(string model, string action) => RolloutDecisions.Add(1, new TagList { { "model", model }, { "action", action } });

    /// <summary>The snake_case name of a state, as the HTTP API and metrics show it.</summary>
    public static string Name(RolloutState state) => state switch
    {
        AIaaS.Rollouts.RolloutState.Running => "running",
        AIaaS.Rollouts.RolloutState.Paused => "paused",
        AIaaS.Rollouts.RolloutState.Promoted => "promoted",
        AIaaS.Rollouts.RolloutState.RolledBack => "rolled_back",
        _ => "aborted",
    };

    public static TagList Tags(string model, int version) => new()
    {
        { "model", model },
        { "version", version.ToString(System.Globalization.CultureInfo.InvariantCulture) },
    };
}
