namespace AIaaS.Repository;

/// <summary>What a pull did: packages fetched and skipped, files placed, configs written, and how long it took.</summary>
internal sealed record PullResult(
    IReadOnlyList<string> FetchedPackages,
    IReadOnlyList<string> SkippedPackages,
    IReadOnlyList<string> PlacedFiles,
    IReadOnlyList<string> WrittenConfigs,
    TimeSpan Elapsed)
{
    /// <summary>True when the repository already held everything and nothing was fetched or written.</summary>
    public bool NothingToDo => FetchedPackages.Count == 0 && PlacedFiles.Count == 0 && WrittenConfigs.Count == 0;
}
