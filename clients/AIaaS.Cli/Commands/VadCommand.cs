using System.CommandLine;
using System.Globalization;
using AIaaS.Cli.Audio;
using AIaaS.Cli.Remote;
using AIaaS.Errors;
using AIaaS.Tensors;

namespace AIaaS.Cli.Commands;

/// <summary>
/// <c>aiaas vad FILE.wav</c>: streams a 16 kHz mono WAV file through a silero-vad session (the
/// server holds the model's state), 512 samples (32 ms) a step, and prints the speech segments.
/// </summary>
internal static class VadCommand
{
    private const int Chunk = 512;
    private const int SampleRate = 16000;

    public static Command Create()
    {
        var file = new Argument<string>("file") { Description = "A mono 16 kHz WAV file (16-bit PCM or 32-bit float)" };
        var model = new Option<string>("--model") { Description = "The stateful VAD model", DefaultValueFactory = _ => "silero-vad" };
        var threshold = new Option<float>("--threshold") { Description = "Speech probability that starts a segment", DefaultValueFactory = _ => 0.5f };
        var probabilities = new Option<bool>("--probabilities") { Description = "Also print each 32 ms step's probability" };
        var target = new SdkTargetOptions("(default: the local silo's gateway, port 30000)");
        var command = new Command("vad", "Print the speech segments of a WAV file, streamed through a silero-vad session");
        command.Arguments.Add(file);
        command.Options.Add(model);
        command.Options.Add(threshold);
        command.Options.Add(probabilities);
        target.AddTo(command);
        command.SetAction((result, ct) => RunAsync(result.GetValue(file)!, result.GetValue(model)!, result.GetValue(threshold), result.GetValue(probabilities), target.Configure(result), ct));
        return command;
    }

    private static async Task<int> RunAsync(string file, string model, float threshold, bool printProbabilities, Action<Client.AIaaSClientOptions> configure, CancellationToken cancellationToken)
    {
        float[] samples;
        try
        {
            (samples, var rate) = WavFile.Read(file);
            if (rate != SampleRate)
            {
                return CliOutput.Fail($"{file} is sampled at {rate} Hz; silero-vad sessions take 16000 Hz (sox {file} -r 16000 out.wav)");
            }
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            return CliOutput.Fail(ex.Message);
        }

        var steps = samples.Length / Chunk;
        var probabilities = new float[steps];
        try
        {
            await using var connection = await SdkConnection.StartAsync(configure, cancellationToken).ConfigureAwait(false);
            await using var session = await connection.Client.OpenSessionAsync(model, cancellationToken: cancellationToken).ConfigureAwait(false);
            for (var i = 0; i < steps; i++)
            {
                TensorPayload[] inputs = [Tensor.Create<float>("input", [1, Chunk], samples.AsSpan(i * Chunk, Chunk)), Tensor.Create<long>("sr", [], [SampleRate])];
                var response = i == steps - 1
                    ? await session.EndAsync(inputs, cancellationToken).ConfigureAwait(false)
                    : await session.InferAsync(inputs, cancellationToken).ConfigureAwait(false);
                probabilities[i] = response.Outputs.Single(o => o.Name == "output").ToArray<float>()[0];
            }
        }
        catch (InferenceException ex)
        {
            return CliOutput.Fail(ex.Message);
        }
        catch (Exception ex) when (SdkConnection.IsClusterFailure(ex))
        {
            return CliOutput.Fail($"cannot reach the cluster: {ex.Message}");
        }

        var writer = CliOutput.Out.Profile.Out.Writer;
        if (printProbabilities)
        {
            for (var i = 0; i < steps; i++)
            {
                writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{Seconds(i):F3}s {probabilities[i]:F4}"));
            }
        }

        var segments = SpeechSegments.Find(probabilities, threshold);
        foreach (var (start, end) in segments)
        {
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"speech {Seconds(start):F2}s - {Seconds(end):F2}s"));
        }

        writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{segments.Count} speech segment{(segments.Count == 1 ? "" : "s")} in {Seconds(steps):F2}s of audio ({steps} steps)"));
        writer.Flush();
        return 0;
    }

    private static double Seconds(int chunk) => chunk * (double)Chunk / SampleRate;
}
