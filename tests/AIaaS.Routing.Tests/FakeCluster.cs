using AIaaS.Requests;
using AIaaS.Models;
using AIaaS.Rollouts;
using AIaaS.Statistics;
using AIaaS.Tensors;

namespace AIaaS.Routing.Tests;

/// <summary>
/// Grains without a cluster: one model grain that serves a fixed routing table and records
/// subscribers, and replica grains that answer or fail as a test says, recording every call.
/// </summary>
internal sealed class FakeCluster : IGrainFactory
{
    private readonly Dictionary<string, FakeReplica> _replicas = new(StringComparer.Ordinal);

    public FakeCluster(RoutingTable table) => Model = new FakeModel(table);

    public FakeModel Model { get; }

    /// <summary>Replica keys in the order they were called.</summary>
    public List<string> Calls { get; } = [];

    /// <summary>Replica keys sent a shadow copy, in order.</summary>
    public List<string> Shadows { get; } = [];

    /// <summary>What every shadow copy's call returns: a pending task holds the copies in flight.</summary>
    public Task ShadowAnswer { get; set; } = Task.CompletedTask;

    /// <summary>Decides each call's fate by replica key: null answers, an exception fails.</summary>
    public Func<string, Exception?> Fail { get; set; } = _ => null;

    public TGrainInterface GetGrain<TGrainInterface>(string primaryKey, string? grainClassNamePrefix = null)
        where TGrainInterface : IGrainWithStringKey
    {
        if (typeof(TGrainInterface) == typeof(IModelGrain))
        {
            return (TGrainInterface)(object)Model;
        }

        if (!_replicas.TryGetValue(primaryKey, out var replica))
        {
            _replicas[primaryKey] = replica = new FakeReplica(this, primaryKey);
        }

        return (TGrainInterface)(object)replica;
    }

    public TGrainObserverInterface CreateObjectReference<TGrainObserverInterface>(IGrainObserver obj)
        where TGrainObserverInterface : IGrainObserver => (TGrainObserverInterface)obj;

    public void DeleteObjectReference<TGrainObserverInterface>(IGrainObserver obj)
        where TGrainObserverInterface : IGrainObserver
    {
    }

    public TGrainInterface GetGrain<TGrainInterface>(Guid primaryKey, string? grainClassNamePrefix = null) where TGrainInterface : IGrainWithGuidKey => throw new NotSupportedException();

    public TGrainInterface GetGrain<TGrainInterface>(long primaryKey, string? grainClassNamePrefix = null) where TGrainInterface : IGrainWithIntegerKey => throw new NotSupportedException();

    public TGrainInterface GetGrain<TGrainInterface>(Guid primaryKey, string keyExtension, string? grainClassNamePrefix = null) where TGrainInterface : IGrainWithGuidCompoundKey => throw new NotSupportedException();

    public TGrainInterface GetGrain<TGrainInterface>(long primaryKey, string keyExtension, string? grainClassNamePrefix = null) where TGrainInterface : IGrainWithIntegerCompoundKey => throw new NotSupportedException();

    public IGrain GetGrain(Type grainInterfaceType, Guid grainPrimaryKey) => throw new NotSupportedException();

    public IGrain GetGrain(Type grainInterfaceType, long grainPrimaryKey) => throw new NotSupportedException();

    public IGrain GetGrain(Type grainInterfaceType, string grainPrimaryKey) => throw new NotSupportedException();

    public IGrain GetGrain(Type grainInterfaceType, Guid grainPrimaryKey, string keyExtension) => throw new NotSupportedException();

    public IGrain GetGrain(Type grainInterfaceType, long grainPrimaryKey, string keyExtension) => throw new NotSupportedException();

    public TGrainInterface GetGrain<TGrainInterface>(GrainId grainId) where TGrainInterface : IAddressable => throw new NotSupportedException();

    public IAddressable GetGrain(GrainId grainId) => throw new NotSupportedException();

    public IAddressable GetGrain(GrainId grainId, GrainInterfaceType interfaceType) => throw new NotSupportedException();

    public IAddressable GetGrain(Type interfaceType, IdSpan grainKey, string grainClassNamePrefix) => throw new NotSupportedException();

    public IAddressable GetGrain(Type interfaceType, IdSpan grainKey) => throw new NotSupportedException();

    internal sealed class FakeModel(RoutingTable table) : IModelGrain
    {
        public List<IRoutingObserver> Subscribers { get; } = [];

        public Task<RoutingTable> GetRoutingTable() => Task.FromResult(table);

        public Task Subscribe(IRoutingObserver observer)
        {
            Subscribers.Add(observer);
            return Task.CompletedTask;
        }

        public Task Unsubscribe(IRoutingObserver observer) => Task.CompletedTask;

        public Task<ModelDeployment> GetDeployment() => Task.FromResult(new ModelDeployment(table.Model, []));

        public Task<ModelDeployment> Register(ModelDefinition definition) => throw new NotSupportedException();

        public Task<ModelDeployment> Load(ModelDefinition definition) => throw new NotSupportedException();

        public Task<ModelDeployment> Unload() => throw new NotSupportedException();

        public Task<ModelVersionInfo?> GetVersion(int version) => throw new NotSupportedException();

        public Task<IReadOnlyList<ModelStatistics>> GetStatistics(int? version) => throw new NotSupportedException();

        public Task ReportSessions(SiloAddress silo, IReadOnlyList<SequenceStatistics> versions) => throw new NotSupportedException();

        public Task<RolloutStatus> StartRollout(RolloutPlan plan) => throw new NotSupportedException();

        public Task<RolloutStatus?> GetRollout() => throw new NotSupportedException();

        public Task<RolloutStatus> PromoteRollout() => throw new NotSupportedException();

        public Task<RolloutStatus> PauseRollout() => throw new NotSupportedException();

        public Task<RolloutStatus> ResumeRollout() => throw new NotSupportedException();

        public Task<RolloutStatus> AbortRollout() => throw new NotSupportedException();

        public Task<ModelDeployment> Scale(int replicas) => throw new NotSupportedException();

        public Task<IReadOnlyList<ScalingDecision>> GetScalingHistory() => throw new NotSupportedException();
    }

    private sealed class FakeReplica(FakeCluster cluster, string key) : IModelReplicaGrain
    {
        public Task<InferenceResponse> Infer(InferenceRequest request)
        {
            cluster.Calls.Add(key);
            return cluster.Fail(key) is { } error
                ? Task.FromException<InferenceResponse>(error)
                : Task.FromResult(new InferenceResponse { ModelName = key, ModelVersion = "1", Id = request.Id, Outputs = [] });
        }

        public Task<ModelSignature> Load() => throw new NotSupportedException();

        public Task Unload() => throw new NotSupportedException();

        public Task Move() => throw new NotSupportedException();

        public Task<ModelStatistics> GetStatistics() => throw new NotSupportedException();

        public Task Shadow(InferenceRequest request, IReadOnlyList<TensorPayload> reference)
        {
            cluster.Shadows.Add(key);
            return cluster.ShadowAnswer;
        }

        public Task<ReplicaFigures> GetFigures(bool takeMaxOutputDiff) => throw new NotSupportedException();
    }
}
