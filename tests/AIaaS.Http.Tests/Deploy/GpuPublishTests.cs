using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AIaaS.Testing;

namespace AIaaS.Http.Tests.Deploy;

/// <summary>
/// The GPU image's publish, as far as this machine can check it: no container engine, no CUDA base
/// image and no Microsoft.ML.OnnxRuntime.Gpu package here, so nothing is restored or built. MSBuild
/// evaluates the project with the property and value deploy/publish.sh passes for each flavour,
/// and the package reference it yields must be that package, with a central version equal to the
/// CPU package's (the same managed API).
/// </summary>
public sealed partial class GpuPublishTests
{
    private static readonly string PublishScript = Path.Combine(RepositoryPaths.Root, "deploy", "publish.sh");
    private static readonly string InferenceProject = Path.Combine(RepositoryPaths.Root, "src", "AIaaS.Inference", "AIaaS.Inference.csproj");

    [Fact(Timeout = 60_000)]
    public async Task Evaluate_EachFlavourOfPublishScript_ReferencesItsOnnxRuntimePackageAtTheCpuVersion()
    {
        var script = await File.ReadAllTextAsync(PublishScript);
        var property = Assert.Single(PropertySwitch().Matches(script)).Groups["property"].Value;
        var packages = FlavourPackage().Matches(script).ToDictionary(m => m.Groups["flavour"].Value, m => m.Groups["package"].Value, StringComparer.Ordinal);
        Assert.Equal(["cpu", "gpu"], packages.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("Microsoft.ML.OnnxRuntime.Gpu", packages["gpu"]);

        var cpu = await EvaluateAsync(property, packages["cpu"]);
        var gpu = await EvaluateAsync(property, packages["gpu"]);
        var defaulted = await EvaluateAsync(property, package: null);

        Assert.Equal(packages["gpu"], gpu.Property);
        Assert.Contains(packages["gpu"], gpu.References);
        Assert.DoesNotContain(packages["cpu"], gpu.References);
        Assert.Contains(packages["cpu"], cpu.References);
        Assert.DoesNotContain(packages["gpu"], cpu.References);
        // Without the switch (a plain build, scripts/test), the CPU package.
        Assert.Equal(packages["cpu"], defaulted.Property);
        Assert.Contains(packages["cpu"], defaulted.References);
        Assert.NotNull(gpu.Versions.GetValueOrDefault(packages["gpu"]));
        Assert.Equal(gpu.Versions[packages["cpu"]], gpu.Versions[packages["gpu"]]);
    }

    /// <summary>The property's value, the PackageReference names and the central PackageVersions, as MSBuild evaluates the project (no restore).</summary>
    private static async Task<(string Property, IReadOnlyList<string> References, IReadOnlyDictionary<string, string> Versions)> EvaluateAsync(string property, string? package)
    {
        var start = new ProcessStartInfo(BuildOutput.DotnetHost)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepositoryPaths.Root,
        };
        foreach (var argument in new[] { "msbuild", InferenceProject, $"-getProperty:{property}", "-getItem:PackageReference", "-getItem:PackageVersion", "-p:Configuration=Release" })
        {
            start.ArgumentList.Add(argument);
        }

        if (package is not null)
        {
            start.ArgumentList.Add($"-p:{property}={package}");
        }

        // The test host runs under MSBuild's environment, which would point this evaluation at the test run's MSBuild.
        foreach (var name in new[] { "MSBuildExtensionsPath", "MSBuildSDKsPath", "MSBUILD_EXE_PATH", "MSBuildLoadMicrosoftTargetsReadOnly" })
        {
            start.Environment.Remove(name);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(50));
        var output = await stdout;
        Assert.True(process.ExitCode == 0, $"dotnet {string.Join(' ', start.ArgumentList)} exited {process.ExitCode}:\n{output}\n{await stderr}");

        var json = JsonNode.Parse(output)!;
        var items = json["Items"]!;
        return (
            json["Properties"]![property]!.GetValue<string>(),
            items["PackageReference"]!.AsArray().Select(i => i!["Identity"]!.GetValue<string>()).ToList(),
            items["PackageVersion"]!.AsArray().ToDictionary(i => i!["Identity"]!.GetValue<string>(), i => i!["Version"]!.GetValue<string>(), StringComparer.Ordinal));
    }

    // deploy/publish.sh: `-p:AIaaSOnnxRuntimePackage="$package"`.
    [GeneratedRegex(@"-p:(?<property>\w+)=""\$package""")]
    private static partial Regex PropertySwitch();

    // deploy/publish.sh: `  gpu) package=Microsoft.ML.OnnxRuntime.Gpu ;;`.
    [GeneratedRegex(@"^\s*(?<flavour>cpu|gpu)\) package=(?<package>[\w.]+) ;;", RegexOptions.Multiline)]
    private static partial Regex FlavourPackage();
}
