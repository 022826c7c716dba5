namespace AIaaS.Inference.Processors;

/// <summary>
/// Files a processor reads (label files), by paths relative to the model repository's root, e.g.
/// <c>ppocr-rec/ppocr_keys_v1.txt</c>; a path that leaves the repository is refused.
/// </summary>
internal sealed class ProcessorFiles(string repositoryRoot)
{
    private readonly string root = Path.GetFullPath(repositoryRoot);

    /// <summary>Opens a file of the repository for reading (a tokenizer's vocabulary).</summary>
    /// <exception cref="InvalidDataException">The path leaves the repository, or the file cannot be opened.</exception>
    public Stream OpenRead(string relativePath)
    {
        var full = Resolve(relativePath, "file");
        try
        {
            return new FileStream(full, FileMode.Open, FileAccess.Read, FileShare.Read);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InvalidDataException($"file '{relativePath}' cannot be read: {ex.Message}", ex);
        }
    }

    /// <summary>The lines of a label file, one label a line (a final empty line is not a label).</summary>
    /// <exception cref="InvalidDataException">The path leaves the repository, or the file cannot be read.</exception>
    public string[] ReadLabels(string relativePath)
    {
        var full = Resolve(relativePath, "label file");
        try
        {
            var text = File.ReadAllText(full);
            var lines = text.Split('\n');
            if (lines.Length > 0 && lines[^1].Length == 0)
            {
                lines = lines[..^1];
            }

            return [.. lines.Select(l => l.TrimEnd('\r'))];
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InvalidDataException($"label file '{relativePath}' cannot be read: {ex.Message}", ex);
        }
    }

    private string Resolve(string relativePath, string kind)
    {
        var full = Path.GetFullPath(Path.Combine(root, relativePath));
        return full.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal)
            ? full
            : throw new InvalidDataException($"{kind} '{relativePath}' is outside the model repository");
    }
}
