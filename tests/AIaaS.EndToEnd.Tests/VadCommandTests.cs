using System.Globalization;
using AIaaS.Cli.Audio;
using AIaaS.Inference.Execution;
using AIaaS.Testing;
using AIaaS.Testing.Audio;
using Microsoft.Extensions.Logging.Abstractions;

namespace AIaaS.EndToEnd.Tests;

/// <summary><c>aiaas vad FILE.wav</c> run as a process against the shared embedded silo, on speech made by espeak-ng.</summary>
[Collection(EmbeddedSiloCollection.Name)]
public sealed class VadCommandTests(EmbeddedSiloFixture fixture) : IDisposable
{
    private readonly TemporaryDirectory _files = new("aiaas-e2e-vad");

    [Fact(Timeout = 120_000)]
    public async Task Vad_SpeechWav_PrintsTheSegmentsOfAClientHeldStateRun()
    {
        var file = _files.Combine("speech.wav");
        var speech = SpeechSamples.Make("Voice activity detection.", padSeconds: 1.0);
        SpeechSamples.WriteWav(file, [.. speech, .. new float[16000], .. SpeechSamples.Make("A second sentence, after a pause.", padSeconds: 0.5)]);
        var (samples, _) = WavFile.Read(file);
        float[] probabilities;
        using (var ort = OnnxModel.Load(Path.Combine(RepositoryPaths.RealModel("silero-vad"), "1", "model.onnx"), new OnnxModelOptions(), NullLogger.Instance))
        {
            probabilities = SileroReference.Probabilities(inputs => ort.Run(inputs), samples);
        }

        var expected = SpeechSegments.Find(probabilities)
            .Select(s => string.Create(CultureInfo.InvariantCulture, $"speech {s.Start * 0.032:F2}s - {s.End * 0.032:F2}s"))
            .ToList();

        var result = await CliProcess.RunAsync("vad", file, "--gateway-port", fixture.Silo.GatewayPort.ToString(CultureInfo.InvariantCulture));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.True(expected.Count >= 2, $"the reference finds {expected.Count} segments in two sentences");
        var lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(expected, lines.Where(l => l.StartsWith("speech ", StringComparison.Ordinal)));
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"{expected.Count} speech segments in {probabilities.Length * 0.032:F2}s of audio ({probabilities.Length} steps)"), lines);
    }

    [Fact(Timeout = 60_000)]
    public async Task Vad_Not16kHz_FailsNamingTheRateAndTheSoxCommand()
    {
        var file = _files.Combine("8k.wav");
        SpeechSamples.WriteWav(file, new float[1600]);
        var bytes = await File.ReadAllBytesAsync(file);
        BitConverter.TryWriteBytes(bytes.AsSpan(24), 8000);
        await File.WriteAllBytesAsync(file, bytes);

        var result = await CliProcess.RunAsync("vad", file, "--gateway-port", fixture.Silo.GatewayPort.ToString(CultureInfo.InvariantCulture));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("is sampled at 8000 Hz; silero-vad sessions take 16000 Hz", result.Stderr, StringComparison.Ordinal);
    }

    public void Dispose() => _files.Dispose();
}
