namespace AIaaS.Repository;

/// <summary>
/// One step of a pull. <see cref="Path"/> is the file's or config's path relative to the
/// repository when the step concerns one; <see cref="Elapsed"/> is the step's own duration.
/// </summary>
internal sealed record PullProgress(PullProgressKind Kind, string Package, string? Path, long Bytes, TimeSpan Elapsed);
