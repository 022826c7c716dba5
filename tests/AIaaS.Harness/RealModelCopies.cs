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
            // Directories too: a pipeline's or processor's version folder is empty, and without it the model has no version.
            foreach (var directory in Directory.EnumerateDirectories(source, "*", SearchOption.AllDirectories))
            {
                Directory.CreateDirectory(Path.Combine(repository, model, Path.GetRelativePath(source, directory)));
            }

            foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
            {
                var target = Path.Combine(repository, model, Path.GetRelativePath(source, file));
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(file, target);
            }
        }
    }
}
