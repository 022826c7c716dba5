using System.Diagnostics;
using System.Runtime.InteropServices;

namespace AIaaS.Testing.Audio;

/// <summary>
/// Real speech made in the test, nothing downloaded: espeak-ng speaks a text, sox resamples it to
/// 16 kHz mono and pads it with silence; the result is the samples in [-1, 1].
/// </summary>
public static class SpeechSamples
{
    public const int SampleRate = 16000;

    /// <summary>The samples of <paramref name="text"/> spoken, with <paramref name="padSeconds"/> of silence before and after.</summary>
    public static float[] Make(string text, double padSeconds = 0.5, string voice = "en", int wordsPerMinute = 160)
    {
        using var directory = new TemporaryDirectory("speech");
        var wav = directory.Combine("speech.wav");
        var raw = directory.Combine("speech.f32");
        Run("espeak-ng", ["-v", voice, "-s", wordsPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture), "-w", wav, text]);
        var pad = padSeconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture);
        Run("sox", [wav, "-t", "raw", "-e", "floating-point", "-b", "32", "-L", "-r", SampleRate.ToString(System.Globalization.CultureInfo.InvariantCulture), "-c", "1", raw, "pad", pad, pad]);
        return MemoryMarshal.Cast<byte, float>(File.ReadAllBytes(raw)).ToArray();
    }

    /// <summary>Writes the samples as a 16-bit PCM mono WAV file at 16 kHz, as <c>aiaas vad</c> reads.</summary>
    public static void WriteWav(string path, float[] samples)
    {
        using var stream = File.Create(path);
        using var writer = new BinaryWriter(stream);
        var dataBytes = samples.Length * 2;
        writer.Write("RIFF"u8);
        writer.Write(36 + dataBytes);
        writer.Write("WAVEfmt "u8);
        writer.Write(16);
        writer.Write((short)1);
        writer.Write((short)1);
        writer.Write(SampleRate);
        writer.Write(SampleRate * 2);
        writer.Write((short)2);
        writer.Write((short)16);
        writer.Write("data"u8);
        writer.Write(dataBytes);
        foreach (var sample in samples)
        {
            writer.Write((short)Math.Clamp(MathF.Round(sample * 32767f), short.MinValue, short.MaxValue));
        }
    }

    private static void Run(string tool, string[] arguments)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException($"{tool} did not start");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException($"{tool} is not installed: apt-get install -y espeak-ng sox", ex);
        }

        using (process)
        {
            var error = process.StandardError.ReadToEndAsync();
            process.StandardOutput.ReadToEnd();
            if (!process.WaitForExit(60_000))
            {
                process.Kill();
                throw new TimeoutException($"{tool} did not finish in 60 s");
            }

            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"{tool} failed ({process.ExitCode}): {error.Result}");
            }
        }
    }
}
