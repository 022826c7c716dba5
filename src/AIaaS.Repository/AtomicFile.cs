namespace AIaaS.Repository;

/// <summary>
/// Writes a file so that readers see either the old content or the whole new content, never a
/// part: the bytes go to a temporary file in the same directory (same file system, so the
/// rename is atomic) and are renamed over the destination.
/// </summary>
internal static class AtomicFile
{
    /// <summary>A temporary path beside <paramref name="path"/>; the leading dot keeps it out of repository scans.</summary>
    public static string TemporaryPathFor(string path) =>
        Path.Combine(Path.GetDirectoryName(path) ?? ".", $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");

    /// <summary>
    /// Writes <paramref name="text"/> to <paramref name="path"/>. With <paramref name="overwrite"/>
    /// false an existing file is kept and the method returns false, even when the file appeared
    /// while the text was being written.
    /// </summary>
    public static bool WriteAllText(string path, string text, bool overwrite)
    {
        if (!overwrite && File.Exists(path))
        {
            return false;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var temporary = TemporaryPathFor(path);
        try
        {
            File.WriteAllText(temporary, text);
            return Move(temporary, path, overwrite);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>Writes <paramref name="bytes"/> to <paramref name="path"/>, replacing what is there.</summary>
    public static void WriteAllBytes(string path, ReadOnlySpan<byte> bytes)
    {
        var temporary = TemporaryPathFor(path);
        try
        {
            using (var file = File.Create(temporary))
            {
                file.Write(bytes);
            }

            Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>Renames a finished temporary file onto <paramref name="path"/>; false when it exists and may not be replaced.</summary>
    public static bool Move(string temporary, string path, bool overwrite)
    {
        if (!overwrite && File.Exists(path))
        {
            return false;
        }

        try
        {
            File.Move(temporary, path, overwrite);
            return true;
        }
        catch (IOException) when (!overwrite && File.Exists(path))
        {
            // Someone else created it between the check and the rename; theirs wins.
            return false;
        }
    }
}
