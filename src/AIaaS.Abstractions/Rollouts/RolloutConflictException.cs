namespace AIaaS.Rollouts;

/// <summary>
/// A rollout cannot start or act because of the model's current state (HTTP 409): another rollout
/// is in progress, the rollout has ended, or the candidate's inputs or outputs differ from the
/// stable version's.
/// </summary>
[GenerateSerializer, Alias("aiaas.rollout-conflict")]
public sealed class RolloutConflictException : Exception
{
    public RolloutConflictException()
    {
    }

    public RolloutConflictException(string message)
        : base(message)
    {
    }

    public RolloutConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
