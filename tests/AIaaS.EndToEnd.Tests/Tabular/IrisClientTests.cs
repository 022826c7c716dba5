using System.Globalization;
using System.Text.Json;
using AIaaS.Errors;
using AIaaS.Client;
using AIaaS.Examples.IrisForest;
using AIaaS.Testing;

namespace AIaaS.EndToEnd.Tests.Tabular;

/// <summary>The forest from .NET (<c>PredictAsync</c>) and from the shell (<c>aiaas predict</c>), against ML.NET's own predictions.</summary>
[Collection(IrisSiloCollection.Name)]
public sealed class IrisClientTests(IrisSiloFixture fixture) : IDisposable
{
    private readonly TemporaryDirectory _files = new("aiaas-e2e-iris-files");

    [Fact(Timeout = 60_000)]
    public async Task PredictAsync_EveryIrisRow_EqualsMlNetsOwnPrediction()
    {
        await using var sdk = await SdkClient.StartAsync(o => o.GatewayPort = fixture.Silo.GatewayPort);
        var instances = fixture.Rows.Select(r => (IReadOnlyDictionary<string, float>)Enumerable.Range(0, 4).Reverse()
            .ToDictionary(i => IrisDataSet.FeatureNames[i], i => r.Features[i])).ToList();

        var predictions = await sdk.Inference.PredictAsync(IrisForestTrainer.ModelName, instances);

        Assert.Equal(fixture.Rows.Count, predictions.Count);
        for (var i = 0; i < predictions.Count; i++)
        {
            var expected = fixture.Forest.Predict(fixture.Rows[i].Features);
            Assert.True(expected.Label == predictions[i].Label, $"row {i}: expected {expected.Label}, got {predictions[i].Label}");
            Assert.Equal(fixture.Forest.Labels, predictions[i].Probabilities.Keys);
            ReferenceOutputs.AssertClose(expected.Probabilities, [.. predictions[i].Probabilities.Values], what: $"row {i}");
        }
    }

    [Fact(Timeout = 60_000)]
    public async Task PredictAsync_WrongFeatureNameOrUnknownModel_ThrowsNamingIt()
    {
        await using var sdk = await SdkClient.StartAsync(o => o.GatewayPort = fixture.Silo.GatewayPort);
        var wrong = new Dictionary<string, float> { ["sepal_length"] = 5.1f, ["sepal_width"] = 3.5f, ["petal_length"] = 1.4f, ["petal_wdth"] = 0.2f };

        var unknown = await Assert.ThrowsAsync<InferenceException>(() => sdk.Inference.PredictAsync(IrisForestTrainer.ModelName, [wrong]));
        var missingModel = await Assert.ThrowsAsync<InferenceException>(() => sdk.Inference.PredictAsync("no-such-forest", [wrong]));

        Assert.Equal(InferenceErrorKind.InvalidArgument, unknown.Kind);
        Assert.Contains("instances[0] has unknown feature 'petal_wdth'", unknown.Message, StringComparison.Ordinal);
        Assert.Equal(InferenceErrorKind.NotFound, missingModel.Kind);
    }

    [Fact(Timeout = 60_000)]
    public async Task PredictCommand_RowsFileOverHttpAndSdk_PrintsMlNetsLabelsAndProbabilities()
    {
        int[] picked = [3, 70, 130];
        var file = _files.Combine("rows.json");
        await File.WriteAllTextAsync(file, JsonSerializer.Serialize(new
        {
            instances = picked.Select(i => IrisDataSet.FeatureNames.Select((name, f) => (name, f)).ToDictionary(x => x.name, x => fixture.Rows[i].Features[x.f])).ToArray(),
        }));
        var expected = picked.Select(i => fixture.Forest.Predict(fixture.Rows[i].Features)).ToArray();

        var overHttp = await CliProcess.RunAsync("predict", IrisForestTrainer.ModelName, file, "--url", fixture.Silo.BaseAddress.AbsoluteUri.TrimEnd('/'));
        var throughSdk = await CliProcess.RunAsync("predict", IrisForestTrainer.ModelName, file, "--gateway-port", fixture.Silo.GatewayPort.ToString(CultureInfo.InvariantCulture));

        foreach (var result in new[] { overHttp, throughSdk })
        {
            Assert.True(result.ExitCode == 0, result.ToString());
            var lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            Assert.Equal(picked.Length, lines.Length);
            for (var i = 0; i < lines.Length; i++)
            {
                var parts = lines[i].Split(' ');
                Assert.Equal(expected[i].Label, parts[0]);
                var printed = parts[1..].Select(p => p.Split('=')).ToArray();
                Assert.Equal(fixture.Forest.Labels, printed.Select(p => p[0]));
                ReferenceOutputs.AssertClose(expected[i].Probabilities, [.. printed.Select(p => float.Parse(p[1], CultureInfo.InvariantCulture))], tolerance: 1e-5f, what: result.ToString());
            }
        }
    }

    [Fact(Timeout = 60_000)]
    public async Task PredictCommand_WrongFeatureName_FailsNamingIt()
    {
        var file = _files.Combine("wrong.json");
        await File.WriteAllTextAsync(file, """{"instances": [{"sepal_length": 5.1, "sepal_width": 3.5, "petal_length": 1.4, "colour": 2}]}""");

        var result = await CliProcess.RunAsync("predict", IrisForestTrainer.ModelName, file, "--url", fixture.Silo.BaseAddress.AbsoluteUri.TrimEnd('/'));

        Assert.True(result.ExitCode != 0, result.ToString());
        Assert.Contains("instances[0] has unknown feature 'colour'", result.Stderr, StringComparison.Ordinal);
    }

    public void Dispose() => _files.Dispose();
}
