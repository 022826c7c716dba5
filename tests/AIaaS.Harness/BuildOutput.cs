namespace AIaaS.Testing;

/// <summary>
/// Locates the build output of another project of this repository (the silo, the CLI) in the same
/// configuration and target framework as the running test assembly. The test project references
/// those projects with <c>ReferenceOutputAssembly="false"</c> so that they are built first.
/// </summary>
public static class BuildOutput
{
    /// <summary>
    /// The path of <paramref name="assemblyFile"/> in <c>{project}/bin/{Configuration}/{tfm}/</c>,
    /// failing with what to build when it is missing.
    /// </summary>
    /// <param name="projectDirectory">The project's directory relative to the repository root, e.g. <c>silos/AIaaS.Silo</c>.</param>
    public static string Assembly(string projectDirectory, string assemblyFile)
    {
        // The test runs from {testProject}/bin/{Configuration}/{tfm}/.
        var testBin = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var targetFramework = testBin.Name;
        var configuration = testBin.Parent?.Name ?? "Debug";
        var path = Path.Combine(RepositoryPaths.Root, projectDirectory, "bin", configuration, targetFramework, assemblyFile);
        if (!File.Exists(path))
        {
            throw new InvalidOperationException(
                $"{path} does not exist; build it first (dotnet build {projectDirectory} -c {configuration})");
        }

        return path;
    }

    /// <summary>
    /// The <c>dotnet</c> host to run framework-dependent assemblies with: the one running the
    /// tests when the SDK says so, else <c>dotnet</c> from PATH.
    /// </summary>
    public static string DotnetHost =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";
}
