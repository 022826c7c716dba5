using System.Diagnostics;
using System.Globalization;
using AIaaS.Errors;
using AIaaS.Grains.Diagnostics;
using AIaaS.Grains.Placement;
using AIaaS.Requests;
using AIaaS.Inference.Sequences;
using AIaaS.Models;
using AIaaS.Routing;
using AIaaS.Sessions;
using AIaaS.Tensors;
using Microsoft.Extensions.Logging;
using Orleans.Placement;

namespace AIaaS.Grains.Sessions;

/// <summary>
/// One session of a stateful model (key <c>{tenant}/{sessionId}</c>). It pins the version at the
/// start step, supplies the state to each step and keeps what the step returns, and stores it per
/// <c>sequence_batching.checkpoint</c>. Steps do not interleave, so a session never has two steps
/// in one batch; steps of many sessions meet in the replica's batch scheduler.
/// </summary>
/// <remarks>
/// Ordering: the next step must carry <see cref="SessionGrainState.NextNumber"/> (or no number); the
/// last answered number again is a retry, answered from the kept outputs without running; any other
/// is a 409 naming both. Idle release: a session idle for <c>max_sequence_idle_microseconds</c> is
/// forgotten (storage cleared) by its timer, or at its next step if its grain was not active.
/// </remarks>
[Immovable, ReplicaHostFilter, GrainType(SessionKey.GrainTypeName)]
internal sealed partial class SessionGrain(
    [PersistentState("session", GrainStorageNames.Default)] IPersistentState<SessionGrainState> state,
    ModelRouter router,
    SessionInstruments instruments,
    SessionCounters counters,
    TimeProvider time,
    ILogger<SessionGrain> logger) : Grain, ISessionGrain
{
    private ModelConfig? _config;
    private long _checkpointed = -1;
    private bool _counted;
    private IGrainTimer? _idleTimer;

    private SessionGrainState S => state.State;

    // Not RecordExists: with checkpoint every N a session is open before its first store.
    private bool IsOpen => S.Model.Length > 0;

    private string Key => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (!IsOpen)
        {
            return;
        }

        // A stored open session activating again: its silo died or restarted (the idle timer keeps a
        // live session active, so a plain collection does not bring it here).
        _checkpointed = S.NextNumber - 1;
        await LoadConfigAsync(S.Model, S.Version);
        if (S.Ended || IdleExpired(time.GetUtcNow()))
        {
            return;
        }

        instruments.Failovers.Add(1, new KeyValuePair<string, object?>("model", S.Model));
        counters.FailedOver(S.Model, S.Version);
        LogResumed(logger, Key, S.Model, S.Version, S.NextNumber);
        Opened();
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        Closed();
        return Task.CompletedTask;
    }

    public async Task<SessionStepResult> Step(SessionStep step)
    {
        ArgumentNullException.ThrowIfNull(step);
        var now = time.GetUtcNow();
        if (IsOpen && !S.Ended && IdleExpired(now))
        {
            await ReleaseAsync("idle");
        }

        var model = IsOpen ? S.Model : step.Model;
        try
        {
            var result = await StepCoreAsync(step, now);
            instruments.Steps.Add(1, new("model", model), new("outcome", result.Repeated ? "repeated" : "success"));
            counters.Stepped(S.Model, S.Version, result.Repeated);
            return result;
        }
        catch (InferenceException ex)
        {
            instruments.Steps.Add(1, new("model", model), new("outcome", ex.Kind.ToString().ToLowerInvariant()));
            throw;
        }
    }

    public async Task<bool> End()
    {
        if (!IsOpen)
        {
            return false;
        }

        await ReleaseAsync("ended by an administrator");
        return true;
    }

    public Task<SessionInfo?> GetInfo()
    {
        if (!IsOpen)
        {
            return Task.FromResult<SessionInfo?>(null);
        }

        var (tenant, id) = SessionKey.Parse(Key);
        return Task.FromResult<SessionInfo?>(new SessionInfo
        {
            Tenant = tenant,
            SessionId = id,
            Model = S.Model,
            Version = S.Version,
            NextNumber = S.NextNumber,
            CheckpointedNumber = _checkpointed,
            StartedAt = S.StartedAt,
            LastStepAt = S.LastStepAt,
            Ended = S.Ended,
            Silo = GrainContext.Address.SiloAddress?.Endpoint.ToString() ?? "",
        });
    }

    private async Task<SessionStepResult> StepCoreAsync(SessionStep step, DateTimeOffset now)
    {
        if (IsOpen && step.Number is { } asked && asked == S.NextNumber - 1 && S.LastOutputs is { } kept && (!step.Start || asked == 0))
        {
            return Result(asked, [.. kept.Select(t => t.ToPayload())], repeated: true);
        }

        if (step.Start)
        {
            if (step.Number is { } first && first != 0)
            {
                throw InferenceException.InvalidArgument($"session '{Key}': a start step is step 0, not step {first}");
            }

            await StartAsync(step, now);
        }
        else if (!IsOpen || S.Ended)
        {
            LogNotOpen(logger, Key, step.Number, state.RecordExists, S.Ended);
            throw InferenceException.NotFound(
                $"session '{Key}' is not open (unknown, ended, or released after being idle); its first step must set sequence_start");
        }
        else if (!string.Equals(step.Model, S.Model, StringComparison.Ordinal))
        {
            throw InferenceException.InvalidArgument($"session '{Key}' belongs to model '{S.Model}', not '{step.Model}'");
        }

        var number = step.Number ?? S.NextNumber;
        if (number != S.NextNumber)
        {
            throw new InferenceException(InferenceErrorKind.Conflict,
                $"session '{Key}' expected step {S.NextNumber} but got step {number}; only step {S.NextNumber - 1} can be repeated");
        }

        var sequence = _config!.SequenceBatching!;
        var stored = S.State.Select(t => t.ToPayload()).ToArray();
        var inputs = SequenceState.Compose(sequence, step.Request.Inputs, stored);
        var (tenant, _) = SessionKey.Parse(Key);
        var response = await router.InferAsync(S.Model, S.Version.ToString(CultureInfo.InvariantCulture), new InferenceRequest
        {
            Id = step.Request.Id,
            Inputs = inputs,
            Outputs = SequenceState.RequestedOutputs(sequence, step.Request.Outputs),
            Priority = step.Request.Priority,
            TimeoutMicroseconds = step.Request.TimeoutMicroseconds,
            Tenant = tenant,
        });

        var next = SequenceState.Advance(sequence, inputs, response.Outputs);
        var visible = SequenceState.Visible(sequence, response.Outputs);
        S.State = [.. next.Select(StoredTensor.From)];
        S.LastOutputs = [.. visible.Select(StoredTensor.From)];
        S.LastId = step.Request.Id;
        S.NextNumber = number + 1;
        S.LastStepAt = now;
        S.Ended = step.End;
        if (step.End || number >= NextCheckpoint)
        {
            await CheckpointAsync(number);
        }

        if (step.End)
        {
            Closed();
        }

        return Result(number, visible, repeated: false);
    }

    private async Task StartAsync(SessionStep step, DateTimeOffset now)
    {
        var modelGrain = GrainFactory.GetGrain<IModelGrain>(step.Model);
        var table = await modelGrain.GetRoutingTable();
        int version;
        if (step.Version is { Length: > 0 } asked)
        {
            version = ModelVersionNumber.Parse(asked);
        }
        else
        {
            var index = WeightedVersionSelector.Choose(table.Versions, Random.Shared);
            version = index >= 0 ? table.Versions[index].Version : throw InferenceException.Unavailable($"model '{step.Model}' is not ready: no version is serving");
        }

        await LoadConfigAsync(step.Model, version);
        if (_config!.SequenceBatching is not { } sequence)
        {
            throw InferenceException.InvalidArgument($"model '{step.Model}' has no sequence_batching: it is not stateful; call it without sequence parameters");
        }

        // A session started again is counted again, under the model and version it starts on now.
        Closed();

        S.Model = step.Model;
        S.Version = version;
        S.NextNumber = 0;
        S.State = [.. SequenceState.Initial(sequence).Select(StoredTensor.From)];
        S.LastOutputs = null;
        S.LastId = null;
        S.StartedAt = now;
        S.LastStepAt = now;
        S.Ended = false;
        _checkpointed = -1;
        counters.Started(S.Model, S.Version);
        Opened();

        LogStarted(logger, Key, step.Model, version);
    }

    private async Task LoadConfigAsync(string model, int version)
    {
        var info = await GrainFactory.GetGrain<IModelGrain>(model).GetVersion(version)
            ?? throw InferenceException.NotFound($"model '{model}' has no version {version}");
        _config = info.Config;
    }

    private async Task CheckpointAsync(long number)
    {
        var started = Stopwatch.GetTimestamp();
        await state.WriteStateAsync();
        _checkpointed = number;
        var elapsed = Stopwatch.GetElapsedTime(started);
        instruments.CheckpointDuration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("model", S.Model));
        counters.Checkpointed(S.Model, S.Version, elapsed);
    }

    private async Task ReleaseAsync(string why)
    {
        LogReleased(logger, Key, S.Model, why);
        Closed();
        await state.ClearStateAsync();
        state.State = new SessionGrainState();
        _checkpointed = -1;
        _config = null;
        DeactivateOnIdle();
    }

    private SessionStepResult Result(long number, IReadOnlyList<TensorPayload> outputs, bool repeated) => new()
    {
        Response = new InferenceResponse
        {
            ModelName = S.Model,
            ModelVersion = S.Version.ToString(CultureInfo.InvariantCulture),
            Id = S.LastId,
            Outputs = outputs,
        },
        Number = number,
        CheckpointedNumber = _checkpointed,
        Repeated = repeated,
    };

    private int CheckpointEvery => _config?.SequenceBatching?.Checkpoint?.Every ?? 1;

    // The step to store next: every N steps after the last store, the session's phase before its first.
    private long NextCheckpoint => _checkpointed < 0 ? FirstCheckpoint(Key, CheckpointEvery) : _checkpointed + CheckpointEvery;

    /// <summary>
    /// The step of a new session's first store: at most <paramref name="every"/> - 1, as every N
    /// promises, at a phase drawn from the session's key. Streams that start together (a burst of
    /// calls, a client reconnecting its sessions) would otherwise store in the same period every N
    /// steps, each time queueing every one of those writes behind the others.
    /// </summary>
    internal static long FirstCheckpoint(string key, int every) =>
        every <= 1 ? 0 : (long)((uint)StableHash(key) % (uint)every);

    // FNV-1a: string.GetHashCode differs between processes, and the phase should not.
    private static int StableHash(string key)
    {
        var hash = 2166136261u;
        foreach (var c in key)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return (int)hash;
    }

    private TimeSpan IdleLimit()
    {
        // Triton: 0 means the default of one second.
        var micros = _config?.SequenceBatching?.MaxSequenceIdleMicroseconds ?? 0;
        return TimeSpan.FromMicroseconds(micros > 0 ? micros : 1_000_000);
    }

    private bool IdleExpired(DateTimeOffset now) => now - S.LastStepAt >= IdleLimit();

    private void Opened()
    {
        if (!_counted)
        {
            _counted = true;
            instruments.Active.Add(1, new KeyValuePair<string, object?>("model", S.Model));
            counters.Opened(S.Model, S.Version);
        }

        if (_idleTimer is null)
        {
            var period = TimeSpan.FromTicks(Math.Clamp(IdleLimit().Ticks / 4, TimeSpan.FromMilliseconds(50).Ticks, TimeSpan.FromSeconds(10).Ticks));
            // Not interleaved: a release never runs in the middle of a step. KeepAlive: an open
            // session stays active until released, so a new activation of an open session means failover.
            _idleTimer = this.RegisterGrainTimer(OnIdleTimerAsync, new GrainTimerCreationOptions(period, period) { KeepAlive = true });
        }
    }

    private void Closed()
    {
        if (_counted)
        {
            _counted = false;
            instruments.Active.Add(-1, new KeyValuePair<string, object?>("model", S.Model));
            counters.Closed(S.Model, S.Version);
        }

        _idleTimer?.Dispose();
        _idleTimer = null;
    }

    private async Task OnIdleTimerAsync(CancellationToken cancellationToken)
    {
        if (IsOpen && IdleExpired(time.GetUtcNow()))
        {
            await ReleaseAsync(S.Ended ? "ended" : "idle");
        }
    }
}
