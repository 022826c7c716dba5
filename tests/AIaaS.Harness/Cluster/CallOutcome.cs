namespace AIaaS.Testing.Cluster;

/// <summary>One call of a load generator: when it was answered (a timestamp) and its error, null on success.</summary>
public readonly record struct CallOutcome(long AnsweredAt, Exception? Error)
{
    public bool Failed => Error is not null;
}
