using AIaaS.Rollouts;
using AIaaS.Statistics;
using Orleans.Concurrency;

namespace AIaaS.Models;

/// <summary>The deployment record of one model (key: model name) and the controller of its replicas.</summary>
[Alias("aiaas.IModelGrain")]
public interface IModelGrain : IGrainWithStringKey
{
    /// <summary>Versions and their status; a model never registered has none.</summary>
    /// <remarks>
    /// A snapshot, read while loads, rollouts and scaling run: the front reads it on every
    /// <c>/predict</c> and text-classification request, which must not wait behind a load of seconds.
    /// </remarks>
    [AlwaysInterleave, Alias("get-deployment")]
    Task<ModelDeployment> GetDeployment();

    /// <summary>
    /// Records what the repository holds. A model seen for the first time is loaded; one already
    /// recorded keeps its status (so a model unloaded before a restart stays unloaded).
    /// </summary>
    [Alias("register")]
    Task<ModelDeployment> Register(ModelDefinition definition);

    /// <summary>Loads the versions the version policy selects from <paramref name="definition"/>; waits until each is ready or failed.</summary>
    [Alias("load")]
    Task<ModelDeployment> Load(ModelDefinition definition);

    /// <summary>Stops serving every version; the record says unloaded until the next load.</summary>
    [Alias("unload")]
    Task<ModelDeployment> Unload();

    /// <summary>One version's record, read by replicas as they activate.</summary>
    [AlwaysInterleave, Alias("get-version")]
    Task<ModelVersionInfo?> GetVersion(int version);

    [AlwaysInterleave, Alias("get-routing-table")]
    Task<RoutingTable> GetRoutingTable();

    /// <summary>
    /// Sends <paramref name="observer"/> the routing table now and on every new revision, for a
    /// few minutes: routers subscribe again periodically, and poll as well.
    /// </summary>
    [AlwaysInterleave, Alias("subscribe")]
    Task Subscribe(IRoutingObserver observer);

    [AlwaysInterleave, Alias("unsubscribe")]
    Task Unsubscribe(IRoutingObserver observer);

    /// <summary>
    /// Statistics of every version, or of <paramref name="version"/> only, each combined over the
    /// version's replicas (zeros for a version that is not ready). A replica that cannot be reached
    /// is left out. Loads nothing.
    /// </summary>
    /// <exception cref="Errors.InferenceException">Kind NotFound: the model was never registered, or has no such version.</exception>
    [AlwaysInterleave, Alias("get-statistics")]
    Task<IReadOnlyList<ModelStatistics>> GetStatistics(int? version);

    /// <summary>
    /// A silo's totals for the sessions of this model it has held since it started, one per
    /// version; they replace that silo's previous report and appear in <see cref="GetStatistics"/>.
    /// </summary>
    [AlwaysInterleave, OneWay, Alias("report-sessions")]
    Task ReportSessions(SiloAddress silo, IReadOnlyList<SequenceStatistics> versions);

    /// <summary>
    /// Starts moving <paramref name="plan"/>'s version into service: records what the model
    /// repository holds now (the candidate must be there), loads the candidate, checks that its
    /// inputs and outputs match the stable version's, and begins the first step. The rollout is
    /// persisted and driven by a reminder, so it continues across restarts of every silo.
    /// </summary>
    /// <exception cref="Errors.InferenceException">
    /// InvalidArgument: a bad plan, or the candidate already serves all traffic; NotFound: no such
    /// model or version; Unavailable: nothing serves, or the candidate failed to load.
    /// </exception>
    /// <exception cref="RolloutConflictException">A rollout is in progress, or the candidate is incompatible and the plan does not force it.</exception>
    [Alias("start-rollout")]
    Task<RolloutStatus> StartRollout(RolloutPlan plan);

    /// <summary>The current or last rollout; null when the model never had one.</summary>
    [AlwaysInterleave, Alias("get-rollout")]
    Task<RolloutStatus?> GetRollout();

    /// <summary>Ends a running or paused rollout by promoting the candidate now: 100% of traffic, the old version drains and unloads.</summary>
    [Alias("promote-rollout")]
    Task<RolloutStatus> PromoteRollout();

    /// <summary>Freezes a running rollout at its current share; no gate runs until it resumes.</summary>
    [Alias("pause-rollout")]
    Task<RolloutStatus> PauseRollout();

    /// <summary>Lets a paused rollout run again from its current step.</summary>
    [Alias("resume-rollout")]
    Task<RolloutStatus> ResumeRollout();

    /// <summary>Ends a running or paused rollout: traffic returns to the stable version and the candidate unloads.</summary>
    [Alias("abort-rollout")]
    Task<RolloutStatus> AbortRollout();

    /// <summary>
    /// Sets the replica count of the version serving the traffic (the stable one), placing new
    /// replicas or draining and unloading extra ones. With autoscaling configured the controller
    /// moves it again within min and max replicas.
    /// </summary>
    [Alias("scale")]
    Task<ModelDeployment> Scale(int replicas);

    /// <summary>The autoscaler's recent decisions, oldest first.</summary>
    [AlwaysInterleave, Alias("get-scaling-history")]
    Task<IReadOnlyList<ScalingDecision>> GetScalingHistory();
}
