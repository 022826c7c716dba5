using AIaaS.Models;
using AIaaS.Rollouts;

namespace AIaaS.Client;

/// <summary>
/// Deployment operations for .NET callers that automate them (the same as <c>aiaas rollout</c>
/// and <c>aiaas models scale</c>): start, watch and steer a model's rollout, set its replicas.
/// Failures raise <see cref="Errors.InferenceException"/>, or <see cref="RolloutConflictException"/>
/// where the HTTP API answers 409.
/// </summary>
public interface IDeploymentClient
{
    /// <summary>Starts rolling out <see cref="RolloutPlan.Version"/> of <paramref name="model"/>; the version must be in the model repository.</summary>
    Task<RolloutStatus> StartRolloutAsync(string model, RolloutPlan plan, CancellationToken cancellationToken = default);

    /// <summary>The current or latest rollout of <paramref name="model"/>; null when it never had one.</summary>
    Task<RolloutStatus?> GetRolloutAsync(string model, CancellationToken cancellationToken = default);

    Task<RolloutStatus> PromoteRolloutAsync(string model, CancellationToken cancellationToken = default);

    Task<RolloutStatus> PauseRolloutAsync(string model, CancellationToken cancellationToken = default);

    Task<RolloutStatus> ResumeRolloutAsync(string model, CancellationToken cancellationToken = default);

    Task<RolloutStatus> AbortRolloutAsync(string model, CancellationToken cancellationToken = default);

    /// <summary>Sets the replicas of the version serving <paramref name="model"/>'s traffic.</summary>
    Task<ModelDeployment> ScaleAsync(string model, int replicas, CancellationToken cancellationToken = default);

    /// <summary>The latest replica count changes, the autoscaler's and operators', oldest first.</summary>
    Task<IReadOnlyList<ScalingDecision>> GetScalingHistoryAsync(string model, CancellationToken cancellationToken = default);
}
