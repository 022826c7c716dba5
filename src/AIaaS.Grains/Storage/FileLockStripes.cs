namespace AIaaS.Grains.Storage;

/// <summary>
/// Mutual exclusion per state file within one provider instance, so one silo never interleaves
/// the check-then-replace of two operations on one file.
/// </summary>
/// <remarks>
/// Striped rather than one lock per file so memory stays fixed however many grains there are;
/// two files sharing a stripe only wait for each other, which is harmless. Across silos, the
/// single-activation guarantee of Orleans and the ETag check are what keep writers apart.
/// </remarks>
internal sealed class FileLockStripes
{
    private readonly SemaphoreSlim[] _stripes;
    private readonly int _mask;

    /// <param name="count">The number of stripes; a power of two.</param>
    public FileLockStripes(int count)
    {
        if (count <= 0 || (count & (count - 1)) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, "The stripe count must be a positive power of two.");
        }

        _stripes = new SemaphoreSlim[count];
        for (var i = 0; i < count; i++)
        {
            _stripes[i] = new SemaphoreSlim(1, 1);
        }

        _mask = count - 1;
    }

    /// <summary>The lock guarding <paramref name="path"/>.</summary>
    public SemaphoreSlim For(string path) =>
        _stripes[StringComparer.Ordinal.GetHashCode(path) & _mask];
}
