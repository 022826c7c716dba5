using AIaaS.Errors;
using AIaaS.Grains.Controller;
using AIaaS.Grains.Diagnostics;
using AIaaS.Models;
using AIaaS.Rollouts;
using Microsoft.Extensions.Logging;

namespace AIaaS.Grains.Models;

/// <summary>
/// Replicas that follow the load: a grain timer measures the serving version's requests in
/// flight (from its replicas' running totals) and applies <see cref="AutoscalingPolicy"/>.
/// Rollouts take precedence: while one is in progress the replica counts stay as they are.
/// </summary>
internal sealed partial class ModelGrain
{
    private const int ScalingHistoryLimit = 100;
    private const int MaxManualReplicas = 64;

    private readonly AutoscalingPolicy _autoscaling = new();
    private IGrainTimer? _autoscalingTimer;
    private ReplicaFiguresReader? _autoscalingReader;
    private long _lastAutoscalingRead;
    private (int Version, int Replicas)? _autoscalingBaseline;

    public async Task<ModelDeployment> Scale(int replicas)
    {
        if (replicas is < 1 or > MaxManualReplicas)
        {
            throw InferenceException.InvalidArgument($"replicas must be from 1 to {MaxManualReplicas}, not {replicas}");
        }

        var version = ServingVersion() is { Status: ModelVersionStatus.Ready } serving
            ? serving
            : throw InferenceException.Unavailable($"model '{Name}' has no version serving to scale");
        if (version.Config.Replicas != replicas)
        {
            await ScaleToAsync(version, replicas, "set by an operator");
        }

        return Deployment();
    }

    public Task<IReadOnlyList<ScalingDecision>> GetScalingHistory() => Task.FromResult<IReadOnlyList<ScalingDecision>>([.. state.State.Scaling]);

    /// <summary>Keeps the autoscaling timer while the serving version has an <c>autoscaling</c> block.</summary>
    private void ScheduleAutoscaling()
    {
        var wanted = ServingVersion() is { Config.Autoscaling: not null };
        if (wanted && _autoscalingTimer is null)
        {
            var interval = controllerOptions.Value.AutoscalingInterval;
            _autoscalingTimer = this.RegisterGrainTimer(AutoscaleAsync, new GrainTimerCreationOptions(interval, interval) { KeepAlive = true });
        }
        else if (!wanted && _autoscalingTimer is not null)
        {
            _autoscalingTimer.Dispose();
            _autoscalingTimer = null;
        }
    }

    private async Task AutoscaleAsync(CancellationToken cancellationToken)
    {
        if (state.State.Rollout is { IsActive: true } || ServingVersion() is not { Status: ModelVersionStatus.Ready, Config.Autoscaling: { } config } version)
        {
            _autoscaling.Clear();
            _autoscalingBaseline = null;
            return;
        }

        var reader = _autoscalingReader ??= new ReplicaFiguresReader(GrainFactory, logger);
        var replicas = version.Config.Replicas;
        var window = await reader.ReadAsync(Name, version.Version, replicas, takeMaxOutputDiff: false);
        var now = time.GetTimestamp();
        var elapsed = time.GetElapsedTime(_lastAutoscalingRead, now);
        var baselined = _autoscalingBaseline == (version.Version, replicas);
        _lastAutoscalingRead = now;
        _autoscalingBaseline = (version.Version, replicas);
        if (!baselined)
        {
            // The first reading of these replicas only sets the baseline.
            return;
        }

        var pending = window.BusyMicroseconds / Math.Max(1, elapsed.TotalMicroseconds);
        if (_autoscaling.Decide(config, replicas, pending, TimeSpan.FromTicks(now * TimeSpan.TicksPerSecond / time.TimestampFrequency)) is { } decision)
        {
            await ScaleToAsync(version, decision.Replicas, decision.Reason);
        }
    }

    /// <summary>
    /// Adds replicas (each loaded before it is routed to, placed by the replica placement on
    /// distinct workers where there are enough) or removes the highest-numbered ones (out of the
    /// routing table first, unloaded once drained).
    /// </summary>
    private async Task ScaleToAsync(ModelVersionInfo version, int replicas, string reason)
    {
        var current = version.Config.Replicas;
        var reached = replicas;
        if (replicas > current)
        {
            reached = current;
            for (var index = current; index < replicas; index++)
            {
                try
                {
                    await GrainFactory.GetGrain<IModelReplicaGrain>(ReplicaKey.Format(Name, version.Version, index)).Load();
                    reached = index + 1;
                }
                catch (Exception ex)
                {
                    // No silo can take it (capacity, accelerator): keep those that loaded.
                    LogScaleUpFailed(logger, Name, version.Version, index, ex);
                    await UnloadReplicasAsync(version, index + 1, from: index);
                    reason += $"; replica {index} could not be placed: {ex.Message}";
                    break;
                }
            }

            if (reached == current)
            {
                return;
            }
        }

        Replace(version with { Config = version.Config with { Replicas = reached } });
        var decision = new ScalingDecision(time.GetUtcNow(), version.Version, current, reached, reason);
        state.State.Scaling.Add(decision);
        if (state.State.Scaling.Count > ScalingHistoryLimit)
        {
            state.State.Scaling.RemoveAt(0);
        }

        await SaveAsync();
        if (reached < current)
        {
            ScheduleDrain(version.Version, current, from: reached);
        }

        _autoscalingBaseline = null;
        instruments.ScalingDecisions.Add(1, new System.Diagnostics.TagList { { "model", Name }, { "direction", reached > current ? "up" : "down" } });
        instruments.Replicas.Record(reached, DeploymentInstruments.Tags(Name, version.Version));
        LogScaled(logger, Name, version.Version, current, reached, reason);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Scaled {Model} v{Version} from {From} to {To} replicas: {Reason}")]
    private static partial void LogScaled(ILogger logger, string model, int version, int from, int to, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Adding replica {Index} of {Model} v{Version} failed")]
    private static partial void LogScaleUpFailed(ILogger logger, string model, int version, int index, Exception exception);
}
