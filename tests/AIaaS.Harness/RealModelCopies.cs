namespace AIaaS.Testing;

/// <summary>
/// Copies of real models in a repository of a test's own, so a silo serves exactly the models a
/// test expects whatever else models/ holds. Copied, not linked: deleting the temporary
/// repository must never reach the real one.
/// </summary>
public static class RealModelCopies
{
    /// <summary>Copies each model's directory (config, versions, label files) into <paramref name="repository"/>.</summary>
    public static void CopyTo(string repository, params string[] models)
    {
        foreach (var model in models)
        {
            var source = RepositoryPaths.RealModel(model);
            foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
            {
                var target = Path.Combine(repository, model, Path.GetRelativePath(source, file));
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(file, target);
            }
        }
    }
}
