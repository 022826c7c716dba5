using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using AIaaS.Cluster;
using AIaaS.Errors;
using AIaaS.Grains.Batching;
using AIaaS.Grains.Diagnostics;
using AIaaS.Grains.Ensembles;
using AIaaS.Grains.Placement;
using AIaaS.Grains.Rollouts;
using AIaaS.Grains.Statistics;
using AIaaS.Grains.Tenants;
using AIaaS.Requests;
using AIaaS.Inference.Batching;
using AIaaS.Inference.Execution;
using AIaaS.Inference.Processors;
using AIaaS.Repository;
using AIaaS.Inference.Validation;
using AIaaS.Models;
using AIaaS.Rollouts;
using AIaaS.Routing;
using AIaaS.Statistics;
using AIaaS.Tensors;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Placement;

namespace AIaaS.Grains.Replicas;

/// <summary>
/// One ONNX Runtime session of one model version and its scheduler. The session loads on the
/// first call (the model grain's load, or a request after the replica's silo restarted) and
/// lives until the replica deactivates. Placed on a worker silo by its model's accelerator and
/// never moved: its session is expensive to build.
/// </summary>
[Immovable, ReplicaPlacement, ReplicaHostFilter]
internal sealed partial class ModelReplicaGrain(
    ModelRepository repository,
    LocalReplicaInventory inventory,
    OnnxModelOptions modelOptions,
    InferenceInstruments instruments,
    UsageMeter usage,
    AdmissionOptions admission,
    TimeProvider time,
    ILogger<ModelReplicaGrain> logger) : Grain, IModelReplicaGrain
{
    private const string SuccessOutcome = "success";

    // Per activation, not per session: the rollout gate and the autoscaler difference its readings.
    private readonly ServingCounters _serving = new();

    private string _model = "";
    private int _version;
    private int _index;
    private string _versionText = "";
    private TagList _tags;
    private LoadedReplica? _loaded;
    private Task<LoadedReplica>? _loading;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        (_model, _version, _index) = ReplicaKey.Parse(this.GetPrimaryKeyString());
        _versionText = _version.ToString(CultureInfo.InvariantCulture);
        _tags = InferenceInstruments.ModelTags(_model, _versionText);
        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_loaded is { } loaded)
        {
            _loaded = null;
            inventory.Remove(Hosted(loaded.Info));
            await loaded.DisposeAsync();
            instruments.ReplicasActive.Add(-1, AcceleratorTags(loaded.ExecutionProvider));
            LogReleased(logger, _model, _version, reason.Description);
        }
    }

    public async Task<ModelSignature> Load() => (await EnsureLoadedAsync(requireReady: false)).Signature;

    public Task<InferenceResponse> Infer(InferenceRequest request) => InferAsync(request, shadow: false);

    private async Task<InferenceResponse> InferAsync(InferenceRequest request, bool shadow)
    {
        // A child of the router's span on the calling silo, through Orleans' activity propagation.
        using var activity = InferenceActivities.Source.StartActivity("aiaas.replica.infer", ActivityKind.Server);
        activity?.SetTag("aiaas.model", _model);
        activity?.SetTag("aiaas.version", _version);
        activity?.SetTag("aiaas.replica", _index);
        var started = time.GetTimestamp();
        // Set once the session is loaded: a request that fails before has no statistics to count in.
        var replica = _loaded;
        try
        {
            replica ??= await EnsureLoadedAsync(requireReady: true);
            RequestValidator.Validate(replica.Signature, replica.Info.Config.MaxBatchSize, replica.Axes, request.Inputs, request.Outputs);
            var outputs = await replica.Scheduler.ScheduleAsync(request);
            Record(replica, started, SuccessOutcome, shadow);
            usage.RecordRequest(request.Tenant, _model, _versionText, null, ItemsOf(replica, request), BytesOf(request.Inputs), BytesOf(outputs), TokensOf(outputs));
            return new InferenceResponse { ModelName = _model, ModelVersion = _versionText, Id = request.Id, Outputs = outputs };
        }
        catch (InferenceException ex)
        {
            Record(replica, started, OutcomeOf(ex.Kind), shadow);
            usage.RecordRequest(request.Tenant, _model, _versionText, OutcomeOf(ex.Kind), 0, BytesOf(request.Inputs), 0);
            throw;
        }
        catch (Exception ex)
        {
            // Only InferenceException crosses to callers: ONNX Runtime's own exceptions are not serializable.
            Record(replica, started, "internal", shadow);
            usage.RecordRequest(request.Tenant, _model, _versionText, "internal", 0, BytesOf(request.Inputs), 0);
            LogExecutionFailed(logger, _model, _version, ex);
            throw new InferenceException(InferenceErrorKind.Internal, $"model '{_model}' version {_version} failed to execute: {ex.Message}");
        }
    }

    public async Task Shadow(InferenceRequest request, IReadOnlyList<TensorPayload> reference)
    {
        try
        {
            var response = await InferAsync(request, shadow: true);
            _serving.RecordComparison(OutputComparison.Compare(response.Outputs, reference));
        }
        catch (InferenceException)
        {
            // Counted by Infer as this version's failure; nobody waits for a shadow's answer.
        }
    }

    public Task<ReplicaFigures> GetFigures(bool takeMaxOutputDiff) => Task.FromResult(_serving.Read(takeMaxOutputDiff));

    public Task<ModelStatistics> GetStatistics() =>
        Task.FromResult(_loaded is { } loaded ? loaded.Statistics.Snapshot(_model, _version) : ModelStatistics.Empty(_model, _version));

    public Task Unload()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }

    public Task Move()
    {
        // Orleans places the new activation (through ReplicaPlacementDirector) and forwards calls to it.
        this.MigrateOnIdle();
        return Task.CompletedTask;
    }

    private Task<LoadedReplica> EnsureLoadedAsync(bool requireReady)
    {
        if (_loaded is { } loaded)
        {
            return Task.FromResult(loaded);
        }

        // Interleaved calls share one load.
        return _loading ??= LoadAsync(requireReady);
    }

    private async Task<LoadedReplica> LoadAsync(bool requireReady)
    {
        var opening = false;
        try
        {
            var info = await GrainFactory.GetGrain<IModelGrain>(_model).GetVersion(_version)
                ?? throw InferenceException.NotFound($"model '{_model}' has no version {_version}");
            if (requireReady && info.Status != ModelVersionStatus.Ready)
            {
                throw InferenceException.Unavailable($"model '{_model}' version {_version} is not ready ({info.Status.ToString().ToLowerInvariant()})");
            }

            opening = true;
            var started = time.GetTimestamp();
            var statistics = new ReplicaStatistics(time, info.Config.MaxBatchSize);
            _loaded = info.Config.Platform switch
            {
                ModelPlatforms.Ensemble => await LoadPipelineAsync(info, statistics),
                ModelPlatforms.Processor => Executing(info, await Task.Run(() => new ProcessorModel(ProcessorFactory.Create(info.Config, new ProcessorFiles(repository.Root)))), narrow: false),
                // File hashing and session creation block for up to seconds: keep them off the grain's scheduler.
                _ => Executing(info, await Task.Run(() => OpenSession(repository.ArtifactPath(_model, _version), info.Sha256, modelOptions.ForExecutors(info.Config.Executors, Environment.ProcessorCount))), narrow: true),
            };
            instruments.ModelLoadDuration.Record(time.GetElapsedTime(started).TotalSeconds, _tags);
            instruments.ReplicasActive.Add(1, AcceleratorTags(_loaded.ExecutionProvider));
            LogLoaded(logger, _model, _version, _loaded.ExecutionProvider, time.GetElapsedTime(started).TotalMilliseconds);
            inventory.Add(Hosted(info));
            return _loaded;

            // An ONNX graph is narrowed by the config's input/output declarations; a processor declares its own.
            LoadedReplica Executing(ModelVersionInfo loadedInfo, IExecutableModel model, bool narrow)
            {
                DeclaredSignature? declared = null;
                if (narrow)
                {
                    try
                    {
                        declared = DeclaredSignature.Apply(model.Signature, loadedInfo.Config);
                    }
                    catch (InvalidDataException ex)
                    {
                        model.Dispose();
                        throw InferenceException.InvalidArgument(ex.Message);
                    }
                }

                var signature = declared?.Signature ?? model.Signature;
                var axes = BatchAxes.FromConfig(loadedInfo.Config, signature);
                var scheduler = SchedulerFactory.Create(loadedInfo.Config, axes, Runner(model, declared), statistics, instruments, _tags, time,
                    (tenant, seconds) => usage.RecordCompute(tenant, _model, _versionText, seconds), admission);
                return new(loadedInfo, signature, axes, model.ExecutionProvider, model, scheduler, statistics);
            }
        }
        catch
        {
            _loading = null;
            // A version that is unknown or not ready yet is the caller's wait, not a failed load.
            if (opening)
            {
                instruments.ModelLoadFailures.Add(1, _tags);
            }

            DeactivateOnIdle();
            throw;
        }
    }

    // Reshaping only costs a payload per reshaped tensor, and only for models that declare one.
    private static ModelRunner Runner(IExecutableModel model, DeclaredSignature? declared) =>
        declared is { Reshapes: true }
            ? (IReadOnlyList<TensorPayload> inputs, IReadOnlyList<string>? outputs, out ComputeTimings timings) =>
                declared.FromGraph(model.Run(declared.ToGraph(inputs), outputs, out timings))
            : model.Run;

    private async Task<LoadedReplica> LoadPipelineAsync(ModelVersionInfo info, ReplicaStatistics statistics)
    {
        var plan = await EnsemblePlan.BuildAsync(info.Config, SettledDeploymentAsync);
        var router = ServiceProvider.GetRequiredService<ModelRouter>();
        var scheduler = new EnsembleScheduler(plan, (model, version, request) => router.InferAsync(model, version, request), ServiceProvider.GetRequiredService<PipelineInstruments>(), time);
        // A pipeline runs nothing itself: its steps run on their own models' replicas.
        return new LoadedReplica(info, plan.Signature, BatchAxes.FromConfig(info.Config, plan.Signature), ExecutionProviders.Cpu, null, scheduler, statistics);
    }

    /// <summary>
    /// A step model's deployment once none of its versions is loading (at most a minute): its grain
    /// answers reads while it loads, and a pipeline that finds its step still loading should wait for
    /// it rather than fail and retry seconds later.
    /// </summary>
    private async Task<ModelDeployment> SettledDeploymentAsync(string model)
    {
        var grain = GrainFactory.GetGrain<IModelGrain>(model);
        var deadline = time.GetTimestamp() + time.TimestampFrequency * 60;
        while (true)
        {
            var deployment = await grain.GetDeployment();
            if (!deployment.Versions.Any(v => v.Status == ModelVersionStatus.Loading) || time.GetTimestamp() >= deadline)
            {
                return deployment;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), time);
        }
    }

    private OnnxModel OpenSession(string path, string expectedSha256, OnnxModelOptions options)
    {
        if (!File.Exists(path))
        {
            throw InferenceException.Unavailable($"model file '{path}' is missing on this silo");
        }

        using (var stream = File.OpenRead(path))
        {
            var actual = Convert.ToHexStringLower(SHA256.HashData(stream));
            if (!string.Equals(actual, expectedSha256, StringComparison.OrdinalIgnoreCase))
            {
                throw InferenceException.Unavailable($"model file '{path}' has sha256 {actual} but the deployment record says {expectedSha256}; load the model again");
            }
        }

        return OnnxModel.Load(path, options, logger);
    }

    /// <summary>The sum of a <c>token_count</c> INT64 output (the text tokenizer's), which usage meters as tokens; 0 without one.</summary>
    private static long TokensOf(IReadOnlyList<Tensors.TensorPayload> outputs)
    {
        foreach (var output in outputs)
        {
            if (output is { Name: "token_count", DataType: Tensors.TensorDataType.Int64 })
            {
                long total = 0;
                foreach (var count in System.Runtime.InteropServices.MemoryMarshal.Cast<byte, long>(output.Data.Span))
                {
                    total += count;
                }

                return total;
            }
        }

        return 0;
    }

    /// <summary>Items of a validated request, by the rule its model batches by.</summary>
    private static long ItemsOf(LoadedReplica replica, InferenceRequest request) => BatchAssembler.BatchSizeOf(request.Inputs, replica.Axes);

    private static long BytesOf(IReadOnlyList<Tensors.TensorPayload> tensors)
    {
        long total = 0;
        foreach (var tensor in tensors)
        {
            total += tensor.Data.Length;
        }

        return total;
    }

    private HostedReplica Hosted(ModelVersionInfo info) =>
        new(_model, _version, _index, info.Config.Accelerator, info.Config.GpuMemoryMb);

    /// <param name="shadow">
    /// A copy of a request another version answered: any failure of it counts as this version's
    /// fault, even one that would be a caller's 4xx, since that version took the very same request.
    /// </param>
    private void Record(LoadedReplica? replica, long started, string outcome, bool shadow)
    {
        var elapsed = time.GetTimestamp() - started;
        _serving.Record(elapsed * 1_000_000.0 / time.TimestampFrequency, outcome != SuccessOutcome && (shadow || IsServerError(outcome)));
        if (replica is not null)
        {
            if (outcome == SuccessOutcome)
            {
                replica.Statistics.RecordSuccess(elapsed);
            }
            else
            {
                replica.Statistics.RecordFailure(elapsed);
            }
        }

        var tags = _tags;
        tags.Add("outcome", outcome);
        instruments.Requests.Add(1, tags);
        instruments.RequestDuration.Record((double)elapsed / time.TimestampFrequency, tags);
    }

    private TagList AcceleratorTags(string executionProvider)
    {
        var tags = _tags;
        tags.Add("execution_provider", executionProvider);
        return tags;
    }

    /// <summary>Outcomes that answer 5xx: the version's fault, unlike a caller's bad request (4xx).</summary>
    private static bool IsServerError(string outcome) => outcome is "internal" or "unavailable" or "deadline_exceeded";

    private static string OutcomeOf(InferenceErrorKind kind) => kind switch
    {
        InferenceErrorKind.InvalidArgument => "invalid_argument",
        InferenceErrorKind.NotFound => "not_found",
        InferenceErrorKind.Unavailable => "unavailable",
        InferenceErrorKind.ResourceExhausted => "resource_exhausted",
        InferenceErrorKind.DeadlineExceeded => "deadline_exceeded",
        InferenceErrorKind.PermissionDenied => "permission_denied",
        InferenceErrorKind.Unauthenticated => "unauthenticated",
        InferenceErrorKind.Conflict => "conflict",
        _ => "internal",
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Replica of {Model} v{Version} loaded on {ExecutionProvider} in {ElapsedMs:F0} ms")]
    private static partial void LogLoaded(ILogger logger, string model, int version, string executionProvider, double elapsedMs);

    [LoggerMessage(Level = LogLevel.Information, Message = "Replica of {Model} v{Version} released its session ({Reason})")]
    private static partial void LogReleased(ILogger logger, string model, int version, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Replica of {Model} v{Version} failed to execute a request")]
    private static partial void LogExecutionFailed(ILogger logger, string model, int version, Exception exception);
}
