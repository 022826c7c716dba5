namespace AIaaS.Testing;

/// <summary>Paths inside this repository's checkout, found by walking up to the solution file.</summary>
public static class RepositoryPaths
{
    private static readonly Lazy<string> LazyRoot = new(FindRoot);

    public static string Root => LazyRoot.Value;

    /// <summary>The model repository the README's commands fill (<c>models/</c>).</summary>
    public static string Models => Path.Combine(Root, "models");

    /// <summary>
    /// The directory of a real model, failing with what to run when it has not been pulled:
    /// tests that need real models never pass silently without them.
    /// </summary>
    public static string RealModel(string name)
    {
        var dir = Path.Combine(Models, name);
        if (!File.Exists(Path.Combine(dir, "config.json")))
        {
            throw new InvalidOperationException(
                $"model '{name}' is not in {Models}; run ./scripts/test (or `dotnet run --project clients/AIaaS.Cli -- models pull`) first");
        }

        return dir;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "AIaaS.Grains.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"no AIaaS.Grains.sln above {AppContext.BaseDirectory}");
    }
}
