using AIaaS.Testing;

namespace AIaaS.Cli.Tests;

/// <summary>
/// The CLI is a .NET tool people install: it reads and pulls model repositories and calls silos,
/// and carries no inference engine (ONNX Runtime's native libraries, SkiaSharp, the tokenizers).
/// </summary>
public sealed class CliDependencyTests
{
    [Theory]
    [InlineData("Microsoft.ML.OnnxRuntime")]
    [InlineData("SkiaSharp")]
    [InlineData("Microsoft.ML.Tokenizers")]
    [InlineData("AIaaS.Inference")]
    [InlineData("Microsoft.Orleans.Server")]
    public void Aiaas_DependsOnNo(string package)
    {
        var deps = File.ReadAllText(Path.ChangeExtension(BuildOutput.Assembly("clients/AIaaS.Cli", "aiaas.dll"), ".deps.json"));

        Assert.DoesNotContain($"\"{package}/", deps, StringComparison.Ordinal);
    }

    [Fact]
    public void Aiaas_DependsOnTheRepositoryAndTheSdk()
    {
        var deps = File.ReadAllText(Path.ChangeExtension(BuildOutput.Assembly("clients/AIaaS.Cli", "aiaas.dll"), ".deps.json"));

        Assert.Contains("\"AIaaS.Repository/", deps, StringComparison.Ordinal);
        Assert.Contains("\"AIaaS.Client/", deps, StringComparison.Ordinal);
    }
}
