namespace AIaaS.Inference.Processors;

/// <summary>
/// Files a processor reads (label files), by paths relative to the model repository's root, e.g.
/// <c>ppocr-rec/ppocr_keys_v1.txt</c>; a path that leaves the repository is refused.
/// </summary>
public sealed class ProcessorFiles(string repositoryRoot)
{
    private readonly string root = Path.GetFullPath(repositoryRoot);

    /// <summary>The lines of a label file, one label a line (a final empty line is not a label).</summary>
    /// <exception cref="InvalidDataException">The path leaves the repository, or the file cannot be read.</exception>
    public string[] ReadLabels(string relativePath)
    {
        var full = Path.GetFullPath(Path.Combine(root, relativePath));
        if (!full.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new InvalidDataException($"label file '{relativePath}' is outside the model repository");
        }

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
}
