using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using AIaaS.Client;
using AIaaS.Inference.Execution;
using AIaaS.Tensors;
using AIaaS.Testing;
using AIaaS.Testing.Audio;
using AIaaS.Testing.Cluster;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit.Abstractions;

namespace AIaaS.EndToEnd.Tests;

/// <summary>
/// Session state surviving the loss of a silo, in a real cluster over Redis (a front and two
/// worker processes): eight HTTP sessions on silero-vad with <c>checkpoint: every_step</c> and
/// four SDK sessions with <c>every: 8</c> stream real speech; the worker holding the most sessions
/// is SIGKILLed with steps in flight. Every session finishes with the probabilities of a
/// client-held-state run of the same audio (within 1e-5: batches of different sizes round
/// differently in the last bits), and no caller sees an error beyond a step it retried.
/// </summary>
public sealed class SessionFailoverTests(ITestOutputHelper output)
{
    private const int HttpSessions = 8;
    private const int SdkSessions = 4;
    private const int KillAtStep = 12;
    private const double Tolerance = 1e-5;

    private static readonly string[] Texts =
    [
        "Session state survives the loss of a silo.",
        "Eight streams of speech, one worker killed.",
        "Every output equals the uninterrupted run.",
        "Checkpoints go to Redis after every step.",
    ];

    [Fact(Timeout = 300_000)]
    public async Task Sessions_WorkerHoldingSessionsKilledMidStream_EveryStreamEqualsReference()
    {
        var speech = Texts.Select(t => SpeechSamples.Make(t, padSeconds: 0.3)).ToArray();
        float[][] references;
        using (var ort = OnnxModel.Load(Path.Combine(RepositoryPaths.RealModel("silero-vad"), "1", "model.onnx"), new OnnxModelOptions(), NullLogger.Instance))
        {
            references = speech.Select(s => SileroReference.Probabilities(inputs => ort.Run(inputs), s)).ToArray();
        }

        await using var cluster = await SiloCluster.StartAsync(new SiloClusterOptions { Workers = 2 });
        try
        {
            await RunAsync(cluster, speech, references);
        }
        catch
        {
            output.WriteLine(cluster.Describe());
            throw;
        }
    }

    private async Task RunAsync(SiloCluster cluster, float[][] speech, float[][] references)
    {
        cluster.AddModel("silero-vad", RepositoryPaths.RealModel("silero-vad"));
        cluster.AddModel("silero-every8", RepositoryPaths.RealModel("silero-vad"), config => config["sequence_batching"]!["checkpoint"] = new JsonObject { ["every"] = 8 });
        await cluster.LoadModelAsync("silero-vad");
        await cluster.LoadModelAsync("silero-every8");
        await using var sdk = await SdkClient.StartAsync(o => o.UseCluster(cluster));
        using var http = new HttpClient { BaseAddress = cluster.Front.BaseAddress, Timeout = TimeSpan.FromSeconds(120) };

        var atKillStep = new KillBarrier(HttpSessions + SdkSessions);
        var resume = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var retried = new ConcurrentBag<string>();
        var streams = Enumerable.Range(0, HttpSessions)
            .Select(s => HttpStreamAsync(http, $"http-{s}", speech[s % speech.Length], atKillStep, resume.Task, retried))
            .Concat(Enumerable.Range(0, SdkSessions).Select(s => SdkStreamAsync(sdk.Inference, $"sdk-{s}", speech[s % speech.Length], atKillStep, resume.Task)))
            .ToArray();

        // Every stream is mid-stream; release them and kill the worker holding the most sessions at once.
        // A stream that fails before the kill surfaces its own error here.
        var first = await Task.WhenAny(atKillStep.Reached, Task.WhenAny(streams)).WaitAsync(TimeSpan.FromSeconds(150));
        if (first != atKillStep.Reached)
        {
            await await (Task<Task<float[]>>)first;
        }

        var holders = await SessionHoldersAsync(http);
        var victim = cluster.Workers.OrderByDescending(w => holders.GetValueOrDefault(w.SiloPort)).First();
        output.WriteLine($"sessions per silo port: {string.Join(", ", holders.Select(h => $"{h.Key}: {h.Value}"))}; killing worker silo port {victim.SiloPort}");
        Assert.True(holders.GetValueOrDefault(victim.SiloPort) > 0, "no worker holds a session");
        resume.SetResult();
        victim.Kill();

        var served = await Task.WhenAll(streams);
        output.WriteLine($"steps retried by the caller after a 503: {retried.Count} ({string.Join(", ", retried)})");
        for (var s = 0; s < served.Length; s++)
        {
            var reference = references[(s < HttpSessions ? s : s - HttpSessions) % speech.Length];
            AssertClose(reference, served[s], s < HttpSessions ? $"http-{s}" : $"sdk-{s - HttpSessions}");
        }

        // The victim's sessions really moved: the surviving worker resumed them from Redis.
        var resumed = 0.0;
        foreach (var worker in cluster.Workers.Where(w => w != victim))
        {
            var metrics = await http.GetStringAsync(new Uri(worker.BaseAddress, "metrics"));
            resumed += metrics.Split('\n')
                .Where(l => l.StartsWith("aiaas_session_failovers_total{", StringComparison.Ordinal))
                .Sum(l => double.Parse(l[(l.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture));
        }

        output.WriteLine($"sessions resumed on the surviving worker: {resumed}");
        Assert.True(resumed >= holders[victim.SiloPort], $"{resumed} sessions resumed, but the killed worker held {holders[victim.SiloPort]}");
    }

    private static async Task<float[]> HttpStreamAsync(HttpClient http, string id, float[] samples, KillBarrier atKillStep, Task resume, ConcurrentBag<string> retried)
    {
        var steps = samples.Length / SileroReference.Chunk;
        var probabilities = new float[steps];
        for (var step = 0; step < steps; step++)
        {
            if (step == KillAtStep)
            {
                atKillStep.Signal();
                await resume;
            }

            var chunk = SileroReference.ChunkOf(samples, step);
            var body = new
            {
                inputs = new object[]
                {
                    new { name = "input", datatype = "FP32", shape = new long[] { 1, chunk.Length }, data = chunk },
                    new { name = "sr", datatype = "INT64", shape = Array.Empty<long>(), data = new[] { 16000L } },
                },
                parameters = new Dictionary<string, object> { ["sequence_id"] = id, ["sequence_start"] = step == 0, ["sequence_end"] = step == steps - 1, ["sequence_step"] = step },
            };
            for (var attempt = 0; ; attempt++)
            {
                using var response = await http.PostAsJsonAsync("v2/models/silero-vad/infer", body);
                var text = await response.Content.ReadAsStringAsync();
                if (response.StatusCode == HttpStatusCode.ServiceUnavailable && attempt < 3)
                {
                    // The front could not retry in time; retrying the same sequence_step is safe.
                    retried.Add($"{id} step {step}");
                    continue;
                }

                Assert.True(response.StatusCode == HttpStatusCode.OK, $"{id} step {step}: {(int)response.StatusCode} {text}");
                using var json = JsonDocument.Parse(text);
                probabilities[step] = json.RootElement.GetProperty("outputs")[0].GetProperty("data")[0].GetSingle();
                break;
            }
        }

        return probabilities;
    }

    private static async Task<float[]> SdkStreamAsync(IInferenceClient client, string id, float[] samples, KillBarrier atKillStep, Task resume)
    {
        var steps = samples.Length / SileroReference.Chunk;
        var probabilities = new float[steps];
        await using var session = await client.OpenSessionAsync("silero-every8", sessionId: id);
        for (var step = 0; step < steps; step++)
        {
            if (step == KillAtStep)
            {
                atKillStep.Signal();
                await resume;
            }

            TensorPayload[] inputs = [Tensor.Create<float>("input", [1, SileroReference.Chunk], SileroReference.ChunkOf(samples, step)), Tensor.Create<long>("sr", [], [16000L])];
            var response = step == steps - 1 ? await session.EndAsync(inputs) : await session.InferAsync(inputs);
            probabilities[step] = response.Outputs.Single(o => o.Name == "output").ToArray<float>()[0];
        }

        return probabilities;
    }

    /// <summary>Open sessions per silo port, from the front's <c>/admin/sessions</c>.</summary>
    private static async Task<Dictionary<int, int>> SessionHoldersAsync(HttpClient http)
    {
        using var document = JsonDocument.Parse(await http.GetStringAsync("admin/sessions"));
        return document.RootElement.GetProperty("sessions").EnumerateArray()
            .Where(s => !s.GetProperty("ended").GetBoolean())
            .GroupBy(s => int.Parse(s.GetProperty("silo").GetString()!.Split(':')[^1], System.Globalization.CultureInfo.InvariantCulture))
            .ToDictionary(g => g.Key, g => g.Count());
    }

    /// <summary>Where every stream waits, mid-stream, until the kill.</summary>
    private sealed class KillBarrier(int streams)
    {
        private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _waiting;

        public Task Reached => _reached.Task;

        public void Signal()
        {
            if (Interlocked.Increment(ref _waiting) == streams)
            {
                _reached.SetResult();
            }
        }
    }

    private static void AssertClose(float[] expected, float[] actual, string stream)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= Tolerance, $"{stream} step {i}: expected {expected[i]:R} but got {actual[i]:R}");
        }
    }
}
