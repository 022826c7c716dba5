namespace AIaaS.Rollouts;

/// <summary>Where a rollout stands. Only <see cref="Running"/> advances; the last three are final.</summary>
public enum RolloutState
{
    Running = 1,
    Paused,
    Promoted,
    RolledBack,
    Aborted,
}
