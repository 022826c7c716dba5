using System.Diagnostics;
using AIaaS.Examples.IrisForest;
using AIaaS.Repository;
using AIaaS.Testing;

namespace AIaaS.EndToEnd.Tests.Tabular;

/// <summary><c>dotnet run --project examples/IrisForest -- --repository DIR</c>, run as its built assembly.</summary>
public sealed class IrisForestExampleTests : IDisposable
{
    private readonly TemporaryDirectory _repository = new("aiaas-e2e-iris-example");

    [Fact(Timeout = 60_000)]
    public async Task Run_TwiceIntoARepository_WritesVersionsOneAndTwoAndAValidTabularConfig()
    {
        var first = await RunAsync("--repository", _repository.Path);
        var second = await RunAsync("--repository", _repository.Path);

        Assert.True(first.ExitCode == 0, first.Output);
        Assert.Contains("wrote version 1", first.Output, StringComparison.Ordinal);
        Assert.True(second.ExitCode == 0, second.Output);
        Assert.Contains("wrote version 2", second.Output, StringComparison.Ordinal);
        Assert.True(File.Exists(_repository.Combine("iris", "1", "model.onnx")));
        Assert.True(File.Exists(_repository.Combine("iris", "2", "model.onnx")));
        var config = ModelConfigJson.Read(_repository.Combine("iris", ModelConfigJson.FileName));
        Assert.Empty(ModelConfigValidator.Validate(config, "iris"));
        Assert.Equal(IrisDataSet.FeatureNames, config.Tabular!.Features);
        Assert.Equal(["setosa", "versicolor", "virginica"], config.Tabular.Labels);
    }

    [Fact(Timeout = 60_000)]
    public async Task Run_WithoutRepository_ExitsWithUsage()
    {
        var result = await RunAsync();

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("usage: IrisForest --repository DIR", result.Output, StringComparison.Ordinal);
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(params string[] arguments)
    {
        var assembly = BuildOutput.Assembly("examples/IrisForest", "IrisForest.dll");
        var start = new ProcessStartInfo(BuildOutput.DotnetHost)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(assembly)!,
        };
        start.ArgumentList.Add(assembly);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(50));
        return (process.ExitCode, await stdout + await stderr);
    }

    public void Dispose() => _repository.Dispose();
}
