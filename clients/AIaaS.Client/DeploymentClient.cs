using AIaaS.Models;
using AIaaS.Rollouts;

namespace AIaaS.Client;

/// <summary>Deployment operations as calls to the model grain, which is the rollout controller.</summary>
internal sealed class DeploymentClient(IClusterClient cluster) : IDeploymentClient
{
    public Task<RolloutStatus> StartRolloutAsync(string model, RolloutPlan plan, CancellationToken cancellationToken = default) =>
        Model(model).StartRollout(plan).WaitAsync(cancellationToken);

    public Task<RolloutStatus?> GetRolloutAsync(string model, CancellationToken cancellationToken = default) =>
        Model(model).GetRollout().WaitAsync(cancellationToken);

    public Task<RolloutStatus> PromoteRolloutAsync(string model, CancellationToken cancellationToken = default) =>
        Model(model).PromoteRollout().WaitAsync(cancellationToken);

    public Task<RolloutStatus> PauseRolloutAsync(string model, CancellationToken cancellationToken = default) =>
        Model(model).PauseRollout().WaitAsync(cancellationToken);

    public Task<RolloutStatus> ResumeRolloutAsync(string model, CancellationToken cancellationToken = default) =>
        Model(model).ResumeRollout().WaitAsync(cancellationToken);

    public Task<RolloutStatus> AbortRolloutAsync(string model, CancellationToken cancellationToken = default) =>
        Model(model).AbortRollout().WaitAsync(cancellationToken);

    public Task<ModelDeployment> ScaleAsync(string model, int replicas, CancellationToken cancellationToken = default) =>
        Model(model).Scale(replicas).WaitAsync(cancellationToken);

    public Task<IReadOnlyList<ScalingDecision>> GetScalingHistoryAsync(string model, CancellationToken cancellationToken = default) =>
        Model(model).GetScalingHistory().WaitAsync(cancellationToken);

    private IModelGrain Model(string model)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(model);
        return cluster.GetGrain<IModelGrain>(model);
    }
}
