using AIaaS.Errors;
using AIaaS.Grains.Controller;
using AIaaS.Grains.Diagnostics;
using AIaaS.Grains.Rollouts;
using AIaaS.Repository;
using AIaaS.Models;
using AIaaS.Rollouts;
using Microsoft.Extensions.Logging;

namespace AIaaS.Grains.Models;

/// <summary>
/// The rollout controller: a plan and history in grain state, one gate decision per interval
/// (a grain timer), and a reminder that brings the grain back after every silo restarted so the
/// rollout continues where it was.
/// </summary>
internal sealed partial class ModelGrain : IRemindable
{
    private const string RolloutReminder = "rollout";
    private const int HistoryLimit = 200;

    private IGrainTimer? _rolloutTimer;
    private ReplicaFiguresReader? _rolloutReader;

    private ReplicaFiguresReader RolloutReader => _rolloutReader ??= new ReplicaFiguresReader(GrainFactory, logger);

    public async Task<RolloutStatus> StartRollout(RolloutPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        // Plain arrays and no nulls in what is persisted: JSON grain storage records runtime types.
        plan = plan with { Steps = plan.Steps?.ToArray() ?? [], Slo = plan.Slo ?? new RolloutSlo() };
        var errors = RolloutPlanValidator.Errors(plan);
        if (errors.Count > 0)
        {
            throw InferenceException.InvalidArgument($"invalid rollout of model '{Name}': {string.Join("; ", errors)}");
        }

        if (state.State.Rollout is { IsActive: true } current)
        {
            throw new RolloutConflictException($"model '{Name}' is already rolling out version {current.Plan.Version} ({DeploymentInstruments.Name(current.State)}); promote or abort it first");
        }

        if (!state.State.Registered)
        {
            throw InferenceException.NotFound($"unknown model '{Name}'");
        }

        var stable = ServingVersion() ?? throw InferenceException.Unavailable($"model '{Name}' has no version serving to roll out from");
        var definition = FindInRepository();
        // The repository's config comes with the definition; replica counts set by scaling stay.
        var scaled = state.State.Versions.Where(v => v.Status == ModelVersionStatus.Ready).ToDictionary(v => v.Version, v => v.Config.Replicas);
        Merge(definition);
        foreach (var (version, replicas) in scaled)
        {
            var merged = state.State.Versions.FirstOrDefault(v => v.Version == version);
            if (merged is not null)
            {
                Replace(merged with { Config = merged.Config with { Replicas = replicas } });
            }
        }

        var candidate = state.State.Versions.FirstOrDefault(v => v.Version == plan.Version)
            ?? throw InferenceException.NotFound($"model '{Name}' has no version {plan.Version} in the model repository");
        if (candidate.Version == stable.Version)
        {
            throw InferenceException.InvalidArgument($"version {plan.Version} of model '{Name}' already serves all traffic");
        }

        stable = state.State.Versions.First(v => v.Version == stable.Version);
        if (candidate.Status != ModelVersionStatus.Ready)
        {
            Replace(candidate with { Status = ModelVersionStatus.Loading, Reason = null });
            candidate = await LoadVersionAsync(candidate);
            Replace(candidate);
            if (candidate.Status != ModelVersionStatus.Ready)
            {
                await SaveAsync();
                throw InferenceException.Unavailable($"version {plan.Version} of model '{Name}' failed to load: {candidate.Reason}");
            }
        }

        var differences = stable.Signature is { } a && candidate.Signature is { } b ? SignatureCompatibility.Differences(a, b) : [];
        if (differences.Count > 0 && !plan.Force)
        {
            await UnloadReplicasAsync(candidate, candidate.Config.Replicas);
            Replace(candidate with { Status = ModelVersionStatus.Unloaded, Reason = "refused for a rollout: its inputs or outputs differ from the stable version's" });
            await SaveAsync();
            throw new RolloutConflictException($"version {plan.Version} of model '{Name}' is not compatible with version {stable.Version}: {string.Join("; ", differences)}; start with \"force\": true to roll it out anyway");
        }

        // Baselines now, so the first interval counts only what both versions serve from here on.
        RolloutReader.Reset();
        await RolloutReader.ReadAsync(Name, stable.Version, stable.Config.Replicas, takeMaxOutputDiff: false);
        await RolloutReader.ReadAsync(Name, candidate.Version, candidate.Config.Replicas, takeMaxOutputDiff: true);

        var now = time.GetUtcNow();
        var rollout = new RolloutRecord { Plan = plan, StableVersion = stable.Version, StartedAt = now, StepStartedAt = now };
        state.State.Rollout = rollout;
        Decide(rollout, "start", differences.Count > 0
            ? $"rolling out version {plan.Version} over version {stable.Version}, forced past: {string.Join("; ", differences)}"
            : $"rolling out version {plan.Version} over version {stable.Version}");
        await SaveAsync();
        await EnsureRolloutDriversAsync();
        LogRolloutStarted(logger, Name, plan.Version, stable.Version, string.Join(",", plan.Steps));
        return Status(rollout);
    }

    /// <summary>The model as this silo's repository holds it now: a candidate is usually copied in after the stable version loaded.</summary>
    private ModelDefinition FindInRepository()
    {
        try
        {
            return repository.Find(Name) ?? throw InferenceException.NotFound($"model '{Name}' is not in the model repository");
        }
        catch (ArgumentException ex)
        {
            throw InferenceException.InvalidArgument(ex.Message);
        }
        catch (ModelRepositoryException ex)
        {
            throw InferenceException.InvalidArgument($"model '{Name}' is invalid in the model repository: {string.Join("; ", ex.Errors.DefaultIfEmpty(ex.Message))}");
        }
    }

    public Task<RolloutStatus?> GetRollout() => Task.FromResult(state.State.Rollout is { } rollout ? Status(rollout) : null);

    public async Task<RolloutStatus> PromoteRollout()
    {
        var rollout = ActiveRollout("promote");
        await PromoteAsync(rollout, "promote", "promoted by an operator");
        return Status(rollout);
    }

    public async Task<RolloutStatus> PauseRollout()
    {
        var rollout = ActiveRollout("pause");
        if (rollout.State == RolloutState.Running)
        {
            rollout.State = RolloutState.Paused;
            Decide(rollout, "pause", "paused by an operator");
            StopRolloutTimer();
            await SaveAsync();
        }

        return Status(rollout);
    }

    public async Task<RolloutStatus> ResumeRollout()
    {
        var rollout = ActiveRollout("resume");
        if (rollout.State == RolloutState.Paused)
        {
            // The step starts over: what was served while paused was never judged.
            rollout.State = RolloutState.Running;
            ResetStep(rollout);
            RolloutReader.Reset();
            Decide(rollout, "resume", "resumed by an operator; the step starts over");
            await SaveAsync();
            await EnsureRolloutDriversAsync();
        }

        return Status(rollout);
    }

    public async Task<RolloutStatus> AbortRollout()
    {
        var rollout = ActiveRollout("abort");
        await EndAsync(rollout, RolloutState.Aborted, "abort", "aborted by an operator");
        return Status(rollout);
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != RolloutReminder)
        {
            return;
        }

        if (state.State.Rollout is { State: RolloutState.Running })
        {
            await EnsureRolloutDriversAsync();
        }
        else if (state.State.Rollout is not { State: RolloutState.Paused })
        {
            await UnregisterRolloutReminderAsync();
        }
    }

    /// <summary>The routing weights of a rollout in progress: the step's share to the candidate, the rest to the stable version.</summary>
    private RoutingTable? RolloutRoutingTable()
    {
        if (state.State.Rollout is not { IsActive: true } rollout)
        {
            return null;
        }

        var versions = state.State.Versions
            .Where(v => v.Status == ModelVersionStatus.Ready)
            .Select(v => v.Version == rollout.Plan.Version
                ? new RoutedVersion(v.Version, rollout.Share, v.Config.Replicas, rollout.Shadowing ? rollout.Plan.ShadowShare : 0)
                : new RoutedVersion(v.Version, v.Version == rollout.StableVersion ? 100 - rollout.Share : 0, v.Config.Replicas))
            .ToArray();
        return new RoutingTable(Name, state.State.Revision, versions);
    }

    /// <summary>The versions a rollout in progress keeps loaded whatever the version policy says.</summary>
    private IEnumerable<int> RolloutVersions() =>
        state.State.Rollout is { IsActive: true } rollout ? [rollout.StableVersion, rollout.Plan.Version] : [];

    /// <summary>The ready version with the largest share of traffic now (the newest ready one outside a rollout).</summary>
    private ModelVersionInfo? ServingVersion()
    {
        if (state.State.Rollout is { IsActive: true } rollout)
        {
            return state.State.Versions.FirstOrDefault(v => v.Version == (rollout.Share > 50 ? rollout.Plan.Version : rollout.StableVersion));
        }

        return state.State.Versions.LastOrDefault(v => v.Status == ModelVersionStatus.Ready);
    }

    private async Task RolloutTickAsync(CancellationToken cancellationToken)
    {
        if (state.State.Rollout is not { State: RolloutState.Running } rollout)
        {
            StopRolloutTimer();
            return;
        }

        var stable = state.State.Versions.FirstOrDefault(v => v.Version == rollout.StableVersion);
        var candidate = state.State.Versions.FirstOrDefault(v => v.Version == rollout.Plan.Version);
        if (candidate is not { Status: ModelVersionStatus.Ready } || stable is not { Status: ModelVersionStatus.Ready })
        {
            var lost = candidate is not { Status: ModelVersionStatus.Ready } ? candidate : stable;
            await EndAsync(rollout, RolloutState.Aborted, "abort", $"version {lost?.Version} is no longer ready ({lost?.Status.ToString().ToLowerInvariant()}: {lost?.Reason})");
            return;
        }

        // Both versions over the same window: read one after the other, at one moment.
        var stableWindow = RolloutReader.ReadAsync(Name, stable.Version, stable.Config.Replicas, takeMaxOutputDiff: false);
        var candidateWindow = RolloutReader.ReadAsync(Name, candidate.Version, candidate.Config.Replicas, takeMaxOutputDiff: true);
        rollout.StableFigures = ServingWindow.Add(rollout.StableFigures, await stableWindow);
        rollout.CandidateFigures = ServingWindow.Add(rollout.CandidateFigures, await candidateWindow);

        var stableFigures = ServingWindow.Summarise(rollout.StableFigures);
        var verdict = RolloutGate.Judge(rollout.Plan, rollout.Shadowing, stableFigures, ServingWindow.Summarise(rollout.CandidateFigures), rollout.StableBaselineP99Ms);
        switch (verdict.Outcome)
        {
            case GateOutcome.Hold:
                // One hold entry per step, kept current: it shows the figures up to the latest interval.
                if (rollout.History is [.., { Action: "hold" } last] && last.Step == rollout.Step)
                {
                    rollout.History.RemoveAt(rollout.History.Count - 1);
                }

                Decide(rollout, "hold", verdict.Reason);

                await state.WriteStateAsync(cancellationToken);
                break;
            case GateOutcome.Breach:
                await EndAsync(rollout, RolloutState.RolledBack, "rollback", $"step {rollout.Step} ({Describe(rollout)}): {verdict.Reason}");
                break;
            case GateOutcome.Pass when rollout.Step == rollout.Plan.Steps.Count - 1:
                await PromoteAsync(rollout, "promote", $"step {rollout.Step} ({Describe(rollout)}) passed: {verdict.Reason}");
                break;
            default:
                var passed = $"step {rollout.Step} ({Describe(rollout)}) passed: {verdict.Reason}";
                rollout.StableBaselineP99Ms = RolloutGate.StableP99(rollout.Plan, stableFigures, rollout.StableBaselineP99Ms).P99Ms is > 0 and var p99 ? p99 : null;
                rollout.Step++;
                Decide(rollout, "advance", $"{passed}; the candidate now takes {rollout.Share}%");
                ResetStep(rollout);
                await SaveAsync();
                LogRolloutAdvanced(logger, Name, rollout.Plan.Version, rollout.Step, rollout.Share);
                break;
        }
    }

    private async Task PromoteAsync(RolloutRecord rollout, string action, string reason)
    {
        rollout.State = RolloutState.Promoted;
        rollout.Reason = null;
        Decide(rollout, action, reason);
        var retired = state.State.Versions.First(v => v.Version == rollout.StableVersion);
        Replace(retired with { Status = ModelVersionStatus.Unloaded, Reason = $"replaced by version {rollout.Plan.Version} (rollout promoted)", Retrying = false });
        StopRolloutTimer();
        await SaveAsync();
        ScheduleDrain(retired.Version, retired.Config.Replicas, from: 0);
        await UnregisterRolloutReminderAsync();
        LogRolloutPromoted(logger, Name, rollout.Plan.Version, rollout.StableVersion, reason);
    }

    /// <summary>Rolls back or aborts: all traffic to the stable version now, the candidate drains and unloads.</summary>
    private async Task EndAsync(RolloutRecord rollout, RolloutState end, string action, string reason)
    {
        rollout.State = end;
        rollout.Reason = reason;
        Decide(rollout, action, reason);
        var candidate = state.State.Versions.FirstOrDefault(v => v.Version == rollout.Plan.Version);
        if (candidate is not null)
        {
            Replace(candidate with { Status = ModelVersionStatus.Unloaded, Reason = $"{(end == RolloutState.RolledBack ? "rolled back" : "rollout aborted")}: {reason}", Retrying = false });
        }

        StopRolloutTimer();
        await SaveAsync();
        if (candidate is not null)
        {
            ScheduleDrain(candidate.Version, candidate.Config.Replicas, from: 0);
        }

        await UnregisterRolloutReminderAsync();
        LogRolloutEnded(logger, Name, rollout.Plan.Version, DeploymentInstruments.Name(end), reason);
    }

    private RolloutRecord ActiveRollout(string action)
    {
        var rollout = state.State.Rollout ?? throw InferenceException.NotFound($"model '{Name}' has no rollout");
        return rollout.IsActive
            ? rollout
            : throw new RolloutConflictException($"cannot {action}: the rollout of version {rollout.Plan.Version} of model '{Name}' has ended ({DeploymentInstruments.Name(rollout.State)})");
    }

    private void ResetStep(RolloutRecord rollout)
    {
        rollout.StepStartedAt = time.GetUtcNow();
        rollout.StableFigures = ServingWindow.Empty;
        rollout.CandidateFigures = ServingWindow.Empty;
    }

    private void Decide(RolloutRecord rollout, string action, string reason)
    {
        rollout.History.Add(new RolloutDecision(time.GetUtcNow(), action, rollout.Step, rollout.Share, reason, Figures(rollout)));
        if (rollout.History.Count > HistoryLimit)
        {
            // The start and the latest decisions tell the story; the middle of a long hold does not.
            rollout.History.RemoveAt(1);
        }

        instruments.RecordDecision(Name, action);
        instruments.RecordRollout(Name, rollout.StableVersion, rollout.Plan.Version, rollout.Share, rollout.State);
    }

    private static string Describe(RolloutRecord rollout) => rollout.Shadowing ? "shadow" : $"{rollout.Share}%";

    private static Dictionary<string, VersionFigures> Figures(RolloutRecord rollout) => new(StringComparer.Ordinal)
    {
        [rollout.StableVersion.ToString(System.Globalization.CultureInfo.InvariantCulture)] = ServingWindow.Summarise(rollout.StableFigures),
        [rollout.Plan.Version.ToString(System.Globalization.CultureInfo.InvariantCulture)] = ServingWindow.Summarise(rollout.CandidateFigures),
    };

    private RolloutStatus Status(RolloutRecord rollout) => new()
    {
        Model = Name,
        Version = rollout.Plan.Version,
        StableVersion = rollout.StableVersion,
        State = rollout.State,
        Step = rollout.Step,
        Share = rollout.Share,
        Plan = rollout.Plan,
        Figures = Figures(rollout),
        History = [.. rollout.History],
        Reason = rollout.Reason,
        StartedAt = rollout.StartedAt,
        Shadowing = rollout.Shadowing,
    };

    /// <summary>Starts the gate's timer and the reminder that outlives this activation, for a running rollout.</summary>
    private async Task EnsureRolloutDriversAsync()
    {
        if (state.State.Rollout is not { State: RolloutState.Running } rollout)
        {
            return;
        }

        if (_rolloutTimer is null)
        {
            var interval = TimeSpan.FromSeconds(rollout.Plan.IntervalSeconds);
            _rolloutTimer = this.RegisterGrainTimer(RolloutTickAsync, new GrainTimerCreationOptions(interval, interval) { KeepAlive = true });
        }

        try
        {
            // Orleans' shortest reminder period is a minute: the reminder only revives the grain, the timer paces the steps.
            await this.RegisterOrUpdateReminder(RolloutReminder, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
        }
        catch (Exception ex)
        {
            LogReminderFailed(logger, Name, ex);
        }
    }

    private void StopRolloutTimer()
    {
        _rolloutTimer?.Dispose();
        _rolloutTimer = null;
    }

    private async Task UnregisterRolloutReminderAsync()
    {
        try
        {
            if (await this.GetReminder(RolloutReminder) is { } reminder)
            {
                await this.UnregisterReminder(reminder);
            }
        }
        catch (Exception ex)
        {
            LogReminderFailed(logger, Name, ex);
        }
    }

    /// <summary>
    /// Unloads replicas <paramref name="from"/> to <paramref name="replicas"/> - 1 of a version once
    /// routers have had time to take the new table: requests already sent to them complete first.
    /// Skipped if by then the version serves again with those replicas.
    /// </summary>
    private void ScheduleDrain(int version, int replicas, int from)
    {
        IGrainTimer? timer = null;
        timer = this.RegisterGrainTimer(async _ =>
        {
            timer?.Dispose();
            var info = state.State.Versions.FirstOrDefault(v => v.Version == version);
            if (info is null || info.Status == ModelVersionStatus.Ready && info.Config.Replicas > from)
            {
                return;
            }

            await UnloadReplicasAsync(info, replicas, from);
            LogDrained(logger, Name, version, from, replicas);
        }, new GrainTimerCreationOptions(controllerOptions.Value.DrainDelay, Timeout.InfiniteTimeSpan) { KeepAlive = true });
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Rollout of {Model} v{Version} over v{Stable} started (steps {Steps})")]
    private static partial void LogRolloutStarted(ILogger logger, string model, int version, int stable, string steps);

    [LoggerMessage(Level = LogLevel.Information, Message = "Rollout of {Model} v{Version} advanced to step {Step}: {Share}% of traffic")]
    private static partial void LogRolloutAdvanced(ILogger logger, string model, int version, int step, int share);

    [LoggerMessage(Level = LogLevel.Information, Message = "Rollout of {Model} v{Version} promoted over v{Stable}: {Reason}")]
    private static partial void LogRolloutPromoted(ILogger logger, string model, int version, int stable, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rollout of {Model} v{Version} {State}: {Reason}")]
    private static partial void LogRolloutEnded(ILogger logger, string model, int version, string state, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The rollout reminder of {Model} could not be registered or removed; the timer still drives the rollout while the grain is active")]
    private static partial void LogReminderFailed(ILogger logger, string model, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Drained and unloaded replicas {From} to {To} (exclusive) of {Model} v{Version}")]
    private static partial void LogDrained(ILogger logger, string model, int version, int from, int to);
}
