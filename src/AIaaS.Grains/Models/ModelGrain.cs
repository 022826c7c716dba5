using AIaaS.Errors;
using AIaaS.Grains.Controller;
using AIaaS.Grains.Diagnostics;
using AIaaS.Grains.Statistics;
using AIaaS.Repository;
using AIaaS.Models;
using AIaaS.Statistics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Utilities;

namespace AIaaS.Grains.Models;

/// <summary>
/// The deployment record of one model and the controller of its replicas. Loading and unloading
/// are serialised by the grain (its mutating methods do not interleave); reads interleave.
/// </summary>
internal sealed partial class ModelGrain(
    [PersistentState("model", GrainStorageNames.Default)] IPersistentState<ModelGrainState> state,
    ModelRepository repository,
    DeploymentInstruments instruments,
    TimeProvider time,
    IOptions<ModelControllerOptions> controllerOptions,
    ILogger<ModelGrain> logger) : Grain, IModelGrain
{
    private static readonly TimeSpan RetryPeriod = TimeSpan.FromSeconds(5);

    // Routers renew every minute (RoutingSubscription); three missed renewals drop one.
    private readonly ObserverManager<IRoutingObserver> _observers = new(TimeSpan.FromMinutes(3), logger);
    private IGrainTimer? _retryTimer;

    private string Name => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        ScheduleRetries();
        await EnsureRolloutDriversAsync();
        ScheduleAutoscaling();
    }

    public Task<ModelDeployment> GetDeployment() => Task.FromResult(Deployment());

    public Task<ModelVersionInfo?> GetVersion(int version) =>
        Task.FromResult(state.State.Versions.FirstOrDefault(v => v.Version == version));

    public Task<RoutingTable> GetRoutingTable()
    {
        if (!state.State.Registered)
        {
            throw InferenceException.NotFound($"unknown model '{Name}'");
        }

        return Task.FromResult(RoutingTable());
    }

    public Task Subscribe(IRoutingObserver observer)
    {
        _observers.Subscribe(observer, observer);
        if (state.State.Registered)
        {
            _ = observer.OnRoutingTable(RoutingTable());
        }

        return Task.CompletedTask;
    }

    public Task Unsubscribe(IRoutingObserver observer)
    {
        _observers.Unsubscribe(observer);
        return Task.CompletedTask;
    }

    private RoutingTable RoutingTable()
    {
        if (RolloutRoutingTable() is { } rollout)
        {
            return rollout;
        }

        var ready = state.State.Versions.Where(v => v.Status == ModelVersionStatus.Ready).ToList();
        var latest = ready.Count > 0 ? ready[^1].Version : 0;
        // Requests that name no version go to the newest ready one, as in Triton.
        var versions = ready.Select(v => new RoutedVersion(v.Version, v.Version == latest ? 100 : 0, v.Config.Replicas)).ToArray();
        return new RoutingTable(Name, state.State.Revision, versions);
    }

    public async Task<IReadOnlyList<ModelStatistics>> GetStatistics(int? version)
    {
        if (!state.State.Registered)
        {
            throw InferenceException.NotFound($"unknown model '{Name}'");
        }

        // Copied before the first await: a load or unload may change the record while replicas answer.
        ModelVersionInfo[] versions = version is { } number
            ? [state.State.Versions.FirstOrDefault(v => v.Version == number) ?? throw InferenceException.NotFound($"model '{Name}' has no version {number}")]
            : [.. state.State.Versions];
        var statistics = await ModelStatisticsCollector.CollectAsync(GrainFactory, Name, versions, logger);
        return [.. statistics.Select((s, i) => s with { Sequence = SequenceStatisticsOf(versions[i]) })];
    }

    public async Task<ModelDeployment> Register(ModelDefinition definition)
    {
        if (state.State.Registered)
        {
            return Deployment();
        }

        state.State.Registered = true;
        return await Load(definition);
    }

    public async Task<ModelDeployment> Load(ModelDefinition definition)
    {
        state.State.Registered = true;
        // Replica counts as they were: a config that lowers `replicas` leaves the extra ones to unload.
        var previous = state.State.Versions.ToDictionary(v => v.Version, v => v.Config.Replicas);
        var versions = Merge(definition);
        var selected = VersionSelection.Select(definition.Config.VersionPolicy, versions.Select(v => v.Version).ToArray()).ToHashSet();
        selected.UnionWith(RolloutVersions());

        foreach (var version in versions.Where(v => !selected.Contains(v.Version) && v.Status == ModelVersionStatus.Ready).ToList())
        {
            await UnloadReplicasAsync(version, Math.Max(version.Config.Replicas, previous.GetValueOrDefault(version.Version)));
            Replace(version with { Status = ModelVersionStatus.Unloaded, Reason = "not selected by the version policy", Retrying = false });
        }

        foreach (var version in state.State.Versions.Where(v => selected.Contains(v.Version)).ToList())
        {
            if (previous.GetValueOrDefault(version.Version) > version.Config.Replicas)
            {
                await UnloadReplicasAsync(version, previous[version.Version], from: version.Config.Replicas);
            }

            Replace(version with { Status = ModelVersionStatus.Loading, Reason = null });
            Replace(await LoadVersionAsync(version));
        }

        return await SaveAsync();
    }

    public async Task<ModelDeployment> Unload()
    {
        if (!state.State.Registered)
        {
            throw InferenceException.NotFound($"unknown model '{Name}'");
        }

        if (state.State.Rollout is { IsActive: true } rollout)
        {
            rollout.State = AIaaS.Rollouts.RolloutState.Aborted;
            rollout.Reason = "the model was unloaded";
            StopRolloutTimer();
        }

        foreach (var version in state.State.Versions.ToList())
        {
            if (version.Status is ModelVersionStatus.Ready or ModelVersionStatus.Loading)
            {
                await UnloadReplicasAsync(version, version.Config.Replicas);
            }

            Replace(version with { Status = ModelVersionStatus.Unloaded, Reason = "unloaded on request", Retrying = false });
        }

        LogUnloaded(logger, Name);
        return await SaveAsync();
    }

    /// <summary>Brings the record in line with the repository: new versions appear unloaded, configs follow the files, vanished versions go.</summary>
    private List<ModelVersionInfo> Merge(ModelDefinition definition)
    {
        var merged = new List<ModelVersionInfo>();
        foreach (var artifact in definition.Versions.OrderBy(a => a.Version))
        {
            var existing = state.State.Versions.FirstOrDefault(v => v.Version == artifact.Version);
            merged.Add(existing is null
                ? new ModelVersionInfo { Version = artifact.Version, Status = ModelVersionStatus.Unloaded, Config = definition.Config, Sha256 = artifact.Sha256 }
                : existing with { Config = definition.Config, Sha256 = artifact.Sha256 });
        }

        state.State.Versions = merged;
        return merged;
    }

    private async Task<ModelVersionInfo> LoadVersionAsync(ModelVersionInfo version)
    {
        var replicas = Enumerable.Range(0, version.Config.Replicas)
            .Select(i => GrainFactory.GetGrain<IModelReplicaGrain>(ReplicaKey.Format(Name, version.Version, i)))
            .ToArray();
        try
        {
            // A reload replaces sessions built from an older file or config.
            await Task.WhenAll(replicas.Select(r => r.Unload()));
            var signatures = await Task.WhenAll(replicas.Select(r => r.Load()));
            LogLoaded(logger, Name, version.Version, replicas.Length);
            // Plain arrays: grain storage writes JSON naming each runtime type, and cannot read back
            // the compiler's types behind collection expressions ([.. x] as an IReadOnlyList).
            var signature = new ModelSignature(signatures[0].Inputs.ToArray(), signatures[0].Outputs.ToArray());
            return version with { Status = ModelVersionStatus.Ready, Reason = null, Signature = signature, Retrying = false };
        }
        catch (Exception ex)
        {
            LogLoadFailed(logger, Name, version.Version, ex);
            await UnloadReplicasAsync(version, replicas.Length);
            return version with
            {
                Status = ModelVersionStatus.Failed,
                Reason = ex.Message,
                Retrying = ex is InferenceException { Kind: InferenceErrorKind.Unavailable },
            };
        }
    }

    private async Task UnloadReplicasAsync(ModelVersionInfo version, int replicas, int from = 0)
    {
        try
        {
            await Task.WhenAll(Enumerable.Range(from, replicas - from)
                .Select(i => GrainFactory.GetGrain<IModelReplicaGrain>(ReplicaKey.Format(Name, version.Version, i)).Unload()));
        }
        catch (Exception ex)
        {
            // A replica that cannot be reached holds nothing worth waiting for; its silo is gone or going.
            LogUnloadFailed(logger, Name, version.Version, ex);
        }
    }

    private void Replace(ModelVersionInfo version)
    {
        var index = state.State.Versions.FindIndex(v => v.Version == version.Version);
        state.State.Versions[index] = version;
    }

    /// <summary>Keeps a timer while some version waits to retry, so a GPU model loads once a GPU worker joins.</summary>
    private void ScheduleRetries()
    {
        var waiting = state.State.Versions.Any(v => v is { Status: ModelVersionStatus.Failed, Retrying: true });
        if (waiting && _retryTimer is null)
        {
            _retryTimer = this.RegisterGrainTimer(RetryAsync, new GrainTimerCreationOptions(RetryPeriod, RetryPeriod) { KeepAlive = true });
        }
        else if (!waiting && _retryTimer is not null)
        {
            _retryTimer.Dispose();
            _retryTimer = null;
        }
    }

    private async Task RetryAsync(CancellationToken cancellationToken)
    {
        var waiting = state.State.Versions.Where(v => v is { Status: ModelVersionStatus.Failed, Retrying: true }).ToList();
        var loaded = false;
        foreach (var version in waiting)
        {
            var result = await LoadVersionAsync(version);
            Replace(result);
            loaded |= result.Status == ModelVersionStatus.Ready;
        }

        if (loaded || waiting.Count > 0 && state.State.Versions.All(v => !v.Retrying))
        {
            await SaveAsync();
        }
        else
        {
            ScheduleRetries();
        }
    }

    private async Task<ModelDeployment> SaveAsync()
    {
        state.State.Revision++;
        await state.WriteStateAsync();
        ScheduleRetries();
        ScheduleAutoscaling();
        var table = RoutingTable();
        // One-way: a router that is gone costs nothing here, and its subscription expires.
        await _observers.Notify(observer => observer.OnRoutingTable(table));
        return Deployment();
    }

    private ModelDeployment Deployment() => new(Name, state.State.Versions.ToArray());

    [LoggerMessage(Level = LogLevel.Information, Message = "Loaded {Model} v{Version} on {Replicas} replica(s)")]
    private static partial void LogLoaded(ILogger logger, string model, int version, int replicas);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Loading {Model} v{Version} failed")]
    private static partial void LogLoadFailed(ILogger logger, string model, int version, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Unloading replicas of {Model} v{Version} failed")]
    private static partial void LogUnloadFailed(ILogger logger, string model, int version, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Unloaded {Model}")]
    private static partial void LogUnloaded(ILogger logger, string model);
}
