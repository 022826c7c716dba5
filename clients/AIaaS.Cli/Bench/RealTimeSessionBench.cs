using System.Collections.Concurrent;
using System.Diagnostics;
using AIaaS.Cli.Remote;
using AIaaS.Client;
using AIaaS.Requests;
using AIaaS.Tensors;

namespace AIaaS.Cli.Bench;

/// <summary>
/// <c>aiaas bench silero-vad --sessions 8,16,32 --real-time</c>: N sessions, each sending one
/// 32 ms step (512 samples at 16 kHz) every 32 ms, as live audio does. A level passes when the
/// p99 step latency stays under the 32 ms period and no step is late (sent more than one period
/// after it was due because the previous one had not answered). <c>aiaas-bench sessions</c> runs it
/// as a separate process and sets the raw ONNX Runtime ceiling beside it.
/// </summary>
internal static class RealTimeSessionBench
{
    public const int Chunk = 512;
    private static readonly TimeSpan Period = TimeSpan.FromMilliseconds(32);

    /// <summary>One session's steps: the function sends the session's next step (given the period's index) and returns once it is answered.</summary>
    public interface ITarget
    {
        Task<Func<long, CancellationToken, Task>> OpenAsync(string sessionId, CancellationToken cancellationToken);

        Task CloseAsync(string sessionId);
    }

    /// <param name="ClientCpu">This process's CPU time over the window: what generating the load cost, beside the server's.</param>
    public sealed record LevelResult(int Sessions, long Steps, LatencySummary Latency, long Late, long Errors, string? FirstError, TimeSpan Window, TimeSpan ClientCpu)
    {
        public double ClientMicrosecondsPerStep => Steps == 0 ? 0 : ClientCpu.TotalMicroseconds / Steps;

        public bool Passed => Errors == 0 && Late == 0 && Latency.Count > 0 && Latency.P99 < Period.TotalMicroseconds;

        public double StepsPerSecond => Steps / Window.TotalSeconds;
    }

    public static async Task<LevelResult> RunLevelAsync(ITarget target, int sessions, TimeSpan warmup, TimeSpan duration, CancellationToken cancellationToken)
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var steps = await Task.WhenAll(Enumerable.Range(0, sessions).Select(s => target.OpenAsync($"bench-{run}-{s}", cancellationToken))).ConfigureAwait(false);
        var latencies = new ConcurrentBag<long>();
        long late = 0, errors = 0;
        string? firstError = null;
        var started = Stopwatch.GetTimestamp() + Stopwatch.Frequency / 10;
        var measureFrom = started + (long)(warmup.TotalSeconds * Stopwatch.Frequency);
        var measureTo = measureFrom + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var periodTicks = (long)(Period.TotalSeconds * Stopwatch.Frequency);
        var clientCpu = MeasureCpuAsync(measureFrom, measureTo, cancellationToken);

        await Task.WhenAll(Enumerable.Range(0, sessions).Select(s => Task.Run(async () =>
        {
            // Sessions start spread over one period, as independent streams would.
            var due = started + periodTicks * s / sessions;
            for (long k = 0; due < measureTo; k++, due += periodTicks)
            {
                var wait = due - Stopwatch.GetTimestamp();
                if (wait > 0)
                {
                    await Task.Delay(TimeSpan.FromSeconds((double)wait / Stopwatch.Frequency), cancellationToken).ConfigureAwait(false);
                }

                var sent = Stopwatch.GetTimestamp();
                var measured = due >= measureFrom;
                if (measured && sent - due > periodTicks)
                {
                    Interlocked.Increment(ref late);
                }

                try
                {
                    await steps[s](k, cancellationToken).ConfigureAwait(false);
                    if (measured)
                    {
                        latencies.Add(Stopwatch.GetTimestamp() - sent);
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    Interlocked.Increment(ref errors);
                    Interlocked.CompareExchange(ref firstError, ex.Message, null);
                    return;
                }

                // A session that fell behind skips the periods it missed rather than bursting.
                var now = Stopwatch.GetTimestamp();
                if (now - due > periodTicks)
                {
                    var missed = (now - due) / periodTicks;
                    due += missed * periodTicks;
                    k += missed;
                    if (due >= measureFrom)
                    {
                        Interlocked.Add(ref late, missed);
                    }
                }
            }
        }, cancellationToken))).ConfigureAwait(false);

        await Task.WhenAll(Enumerable.Range(0, sessions).Select(s => target.CloseAsync($"bench-{run}-{s}"))).ConfigureAwait(false);
        var ticks = latencies.ToArray();
        return new LevelResult(sessions, ticks.Length, LatencySummary.FromTicks(ticks, Stopwatch.Frequency), late, errors, firstError, duration, await clientCpu.ConfigureAwait(false));
    }

    private static async Task<TimeSpan> MeasureCpuAsync(long from, long to, CancellationToken cancellationToken)
    {
        await Task.Delay(Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), from), cancellationToken).ConfigureAwait(false);
        using var process = Process.GetCurrentProcess();
        var start = process.TotalProcessorTime;
        await Task.Delay(Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), to), cancellationToken).ConfigureAwait(false);
        process.Refresh();
        return process.TotalProcessorTime - start;
    }

    /// <summary>Low-amplitude noise, as audio samples, the same for the same seed.</summary>
    public static float[] Noise(int count, int seed)
    {
        var random = new Random(seed);
        var samples = new float[count];
        for (var i = 0; i < samples.Length; i++)
        {
            samples[i] = (float)(random.NextDouble() - 0.5) * 0.02f;
        }

        return samples;
    }

    /// <summary>A session's step: 32 ms of noise (seeded by the session), and the sample rate.</summary>
    private static TensorPayload[] Inputs(string sessionId) =>
        [Tensor.Create<float>("input", [1, Chunk], Noise(Chunk, sessionId.GetHashCode(StringComparison.Ordinal))), Tensor.Create<long>("sr", [], [16000L])];

    /// <summary>Sessions through the .NET SDK.</summary>
    public sealed class SdkTarget(IInferenceClient client, string model, string? version) : ITarget
    {
        private readonly ConcurrentDictionary<string, IInferenceSession> _sessions = new(StringComparer.Ordinal);

        public async Task<Func<long, CancellationToken, Task>> OpenAsync(string sessionId, CancellationToken cancellationToken)
        {
            var session = await client.OpenSessionAsync(model, version, sessionId, cancellationToken).ConfigureAwait(false);
            _sessions[sessionId] = session;
            var inputs = Inputs(sessionId);
            return (_, ct) => session.InferAsync(inputs, ct);
        }

        public async Task CloseAsync(string sessionId)
        {
            if (_sessions.TryRemove(sessionId, out var session))
            {
                await session.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>Sessions over HTTP with Triton's sequence extension, in JSON or binary tensors (<see cref="OipRequestBody"/>).</summary>
    public sealed class HttpTarget(HttpClient http, string model, string? version, bool binary) : ITarget
    {
        private readonly string _path = version is null ? $"v2/models/{model}/infer" : $"v2/models/{model}/versions/{version}/infer";

        public Task<Func<long, CancellationToken, Task>> OpenAsync(string sessionId, CancellationToken cancellationToken)
        {
            var bodies = OipRequestBody.SequenceSteps(new InferenceRequest { Inputs = Inputs(sessionId) }, sessionId, binary);
            // The session's own step numbers: periods a late session skipped are not steps it sent.
            long next = 0;
            Func<long, CancellationToken, Task> step = async (_, ct) =>
            {
                var k = next;
                using var content = bodies(k).CreateContent();
                using var response = await http.PostAsync(_path, content, ct).ConfigureAwait(false);
                if (!response.IsSuccessStatusCode)
                {
                    throw new HttpRequestException($"step {k} of {sessionId}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false)}");
                }

                next = k + 1;
            };
            return Task.FromResult(step);
        }

        public async Task CloseAsync(string sessionId)
        {
            try
            {
                using var response = await http.DeleteAsync($"admin/sessions/default/{Uri.EscapeDataString(sessionId)}").ConfigureAwait(false);
            }
            catch (HttpRequestException)
            {
                // Best effort: an unended session is released once idle.
            }
        }
    }
}
