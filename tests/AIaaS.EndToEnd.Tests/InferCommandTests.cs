using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using AIaaS.Tensors;
using AIaaS.Testing;

namespace AIaaS.EndToEnd.Tests;

/// <summary><c>aiaas infer</c> run as a process against the shared embedded silo, over HTTP and through the SDK.</summary>
[Collection(EmbeddedSiloCollection.Name)]
public sealed class InferCommandTests(EmbeddedSiloFixture fixture) : IDisposable
{
    private readonly TemporaryDirectory _files = new("aiaas-e2e-cli");

    private string Url => fixture.Silo.BaseAddress.AbsoluteUri.TrimEnd('/');

    [Fact(Timeout = 90_000)]
    public async Task Infer_JsonFileOverHttp_PrintsOutputEqualToInProcessOrt()
    {
        var input = TestTensors.PpocrClsInput();
        var file = _files.Combine("x.json");
        await File.WriteAllTextAsync(file, JsonSerializer.Serialize(new { shape = input.Shape, datatype = "FP32", data = input.ToArray<float>() }));
        var expected = ReferenceOutputs.Run("ppocr-cls", input).Single();

        var result = await CliProcess.RunAsync("infer", "ppocr-cls", "--input", $"x={file}", "--url", Url);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("model ppocr-cls version 1", result.Stdout, StringComparison.Ordinal);
        var (datatype, shape, values) = OutputLine(result, expected.Name);
        Assert.Equal("FP32", datatype);
        Assert.Equal("1,2", shape);
        ReferenceOutputs.AssertClose(expected.ToArray<float>(), values, what: result.ToString());
    }

    [Fact(Timeout = 90_000)]
    public async Task Infer_NpyFileThroughSdkGateway_PrintsOutputEqualToInProcessOrt()
    {
        var input = TestTensors.PpocrClsInput();
        var file = _files.Combine("x.npy");
        await File.WriteAllBytesAsync(file, NpyFile.Build("<f4", "(1, 3, 48, 192)", MemoryMarshal.AsBytes(input.ToArray<float>().AsSpan())));
        var expected = ReferenceOutputs.Run("ppocr-cls", input).Single();

        var result = await CliProcess.RunAsync(
            "infer", "ppocr-cls", "--input", $"x={file}",
            "--gateway-port", fixture.Silo.GatewayPort.ToString(CultureInfo.InvariantCulture), "--version", "1");

        Assert.True(result.ExitCode == 0, result.ToString());
        var (_, _, values) = OutputLine(result, expected.Name);
        ReferenceOutputs.AssertClose(expected.ToArray<float>(), values, what: result.ToString());
    }

    [Fact(Timeout = 90_000)]
    public async Task Infer_SileroWithNestedArrayAndScalarFiles_PrintsTruncatedState()
    {
        var step = TestTensors.SileroStep();
        var samples = step[0].ToArray<float>();
        await File.WriteAllTextAsync(_files.Combine("input.json"), JsonSerializer.Serialize(new[] { samples }));
        await File.WriteAllTextAsync(_files.Combine("state.json"), """{"shape": [2, 1, 128], "datatype": "FP32", "data": [""" + string.Join(",", Enumerable.Repeat("0", 256)) + "]}");
        await File.WriteAllTextAsync(_files.Combine("sr.json"), """{"shape": [], "datatype": "INT64", "data": [16000]}""");
        var expected = ReferenceOutputs.Run("silero-vad", step).ToDictionary(t => t.Name);

        var result = await CliProcess.RunAsync(
            "infer", "silero-vad",
            "-i", $"input={_files.Combine("input.json")}", "-i", $"state={_files.Combine("state.json")}", "-i", $"sr={_files.Combine("sr.json")}",
            "--url", Url);

        Assert.True(result.ExitCode == 0, result.ToString());
        var (_, outputShape, probability) = OutputLine(result, "output");
        Assert.Equal("1,1", outputShape);
        ReferenceOutputs.AssertClose(expected["output"].ToArray<float>(), probability, what: result.ToString());
        // 256 state values: the first 20 are printed, the rest counted.
        Assert.Contains("stateN FP32 [2,1,128] [", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("... (236 more)]", result.Stdout, StringComparison.Ordinal);
    }

    [Fact(Timeout = 90_000)]
    public async Task Infer_UnknownModel_PrintsServerMessageAndFails()
    {
        var file = _files.Combine("x.json");
        await File.WriteAllTextAsync(file, "[[1, 2]]");

        var result = await CliProcess.RunAsync("infer", "no-such-model", "--input", $"x={file}", "--url", Url);

        Assert.True(result.ExitCode != 0, result.ToString());
        Assert.Contains("unknown model 'no-such-model'", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("404", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("model no-such-model", result.Stdout, StringComparison.Ordinal);
    }

    [Fact(Timeout = 90_000)]
    public async Task Infer_MissingInputFile_FailsNamingTheFile()
    {
        var missing = _files.Combine("missing.npy");

        var result = await CliProcess.RunAsync("infer", "ppocr-cls", "--input", $"x={missing}", "--url", Url);

        Assert.True(result.ExitCode != 0, result.ToString());
        Assert.Contains(missing, result.Stderr, StringComparison.Ordinal);
    }

    public void Dispose() => _files.Dispose();

    /// <summary>Parses <c>{name} {datatype} [{shape}] [v0, v1, ...]</c> from the CLI's stdout.</summary>
    private static (string DataType, string Shape, float[] Values) OutputLine(CliResult result, string name)
    {
        var line = result.Stdout.Split('\n').Select(l => l.TrimEnd('\r')).FirstOrDefault(l => l.StartsWith(name + " ", StringComparison.Ordinal));
        Assert.True(line is not null, $"no line for output '{name}'\n{result}");
        var parts = line.Split(' ', 4);
        var values = parts[3].Trim('[', ']').Split(", ").Select(v => float.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        return (parts[1], parts[2].Trim('[', ']'), values);
    }
}
