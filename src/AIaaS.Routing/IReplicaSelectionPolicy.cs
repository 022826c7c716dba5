namespace AIaaS.Routing;

/// <summary>Chooses one replica of a version from the router's counts of outstanding requests.</summary>
internal interface IReplicaSelectionPolicy
{
    /// <summary>Returns an index into <paramref name="outstanding"/>, never <paramref name="exclude"/> unless it is the only one.</summary>
    int Choose(ReadOnlySpan<int> outstanding, int exclude = -1);
}
