namespace AIaaS.Testing;

/// <summary>A fresh directory under the system temp directory, deleted with everything in it on dispose.</summary>
public sealed class TemporaryDirectory : IDisposable
{
    public TemporaryDirectory(string prefix = "aiaas-test")
    {
        Path = Directory.CreateTempSubdirectory(prefix + "-").FullName;
    }

    public string Path { get; }

    /// <summary>A path inside the directory (not created).</summary>
    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    /// <summary>Writes a file, creating its directories; <paramref name="relative"/> is '/'-separated, relative to this directory.</summary>
    public string Write(string relative, string text) => Write(relative, path => File.WriteAllText(path, text));

    /// <summary>Writes a file, creating its directories; <paramref name="relative"/> is '/'-separated, relative to this directory.</summary>
    public string Write(string relative, byte[] bytes) => Write(relative, path => File.WriteAllBytes(path, bytes));

    private string Write(string relative, Action<string> write)
    {
        var path = Combine(relative.Split('/'));
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        write(path);
        return path;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
        catch (IOException)
        {
            // A child process killed a moment ago may still be closing a file; the OS cleans temp later.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
