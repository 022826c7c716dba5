using System.Globalization;
using AIaaS.Cli.Bench;
using AIaaS.Cli.Remote;
using AIaaS.Client;
using AIaaS.Errors;
using Spectre.Console;

namespace AIaaS.Cli.Commands;

/// <summary>
/// The <c>--sessions N --real-time</c> mode of <c>aiaas bench</c>: every level of
/// <see cref="RealTimeSessionBench"/> over the SDK or HTTP, and the largest number of sessions
/// served in real time. The raw ONNX Runtime ceiling beside it is <c>aiaas-bench sessions</c>'s
/// (bench/): the CLI carries no ONNX Runtime.
/// </summary>
internal static class SessionBenchRunner
{
    public static async Task<int> RunAsync(
        string model,
        string? version,
        string protocol,
        Uri? url,
        Action<AIaaSClientOptions> configureSdk,
        int[] levels,
        bool realTime,
        TimeSpan warmup,
        TimeSpan duration,
        CancellationToken cancellationToken)
    {
        if (!realTime || levels.Length == 0)
        {
            return CliOutput.Fail("--sessions and --real-time go together: give both (--sessions 8,16,32 --real-time)");
        }

        SdkConnection? connection = null;
        HttpClient? http = null;
        try
        {
            RealTimeSessionBench.ITarget target;
            if (protocol == BenchProtocols.Orleans)
            {
                connection = await SdkConnection.StartAsync(configureSdk, cancellationToken).ConfigureAwait(false);
                target = new RealTimeSessionBench.SdkTarget(connection.Client, model, version);
            }
            else
            {
                http = new HttpClient { BaseAddress = url ?? FrontUrl.Default, Timeout = TimeSpan.FromSeconds(30) };
                target = new RealTimeSessionBench.HttpTarget(http, model, version, binary: protocol == BenchProtocols.HttpBinary);
            }

            CliOutput.Out.WriteLine($"bench {model} sessions in real time (one 32 ms step per session every 32 ms) over {protocol}; warm-up {BenchDuration.Format(warmup)}, window {BenchDuration.Format(duration)} per level");
            var results = new List<RealTimeSessionBench.LevelResult>();
            foreach (var level in levels.Order())
            {
                var result = await RealTimeSessionBench.RunLevelAsync(target, level, warmup, duration, cancellationToken).ConfigureAwait(false);
                results.Add(result);
                CliOutput.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {level} sessions: {result.StepsPerSecond:F0} steps/s, p50 {result.Latency.P50 / 1000:F1} ms, p99 {result.Latency.P99 / 1000:F1} ms, {result.Late} late, {result.Errors} errors, client {result.ClientMicrosecondsPerStep:F0} µs CPU per step{(result.FirstError is { } e ? $" (first: {e})" : "")}: {(result.Passed ? "real time" : "not real time")}"));
            }

            var served = results.Where(r => r.Passed).Select(r => r.Sessions).DefaultIfEmpty(0).Max();
            var table = new Table().AddColumns("sessions", "steps/s", "p50 ms", "p99 ms", "max ms", "late", "errors", "client µs/step", "real time");
            foreach (var r in results)
            {
                table.AddRow(
                    r.Sessions.ToString(CultureInfo.InvariantCulture),
                    r.StepsPerSecond.ToString("F0", CultureInfo.InvariantCulture),
                    (r.Latency.P50 / 1000).ToString("F1", CultureInfo.InvariantCulture),
                    (r.Latency.P99 / 1000).ToString("F1", CultureInfo.InvariantCulture),
                    (r.Latency.Max / 1000).ToString("F1", CultureInfo.InvariantCulture),
                    r.Late.ToString(CultureInfo.InvariantCulture),
                    r.Errors.ToString(CultureInfo.InvariantCulture),
                    r.ClientMicrosecondsPerStep.ToString("F0", CultureInfo.InvariantCulture),
                    r.Passed ? "yes" : "no");
            }

            CliOutput.Out.Write(table);
            CliOutput.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"largest real-time level: {served} sessions"));
            return 0;
        }
        catch (InferenceException ex)
        {
            return CliOutput.Fail($"{ex.Message} [{ex.Kind}]");
        }
        catch (Exception ex) when (SdkConnection.IsClusterFailure(ex) || ex is HttpRequestException)
        {
            return CliOutput.Fail($"the cluster could not serve the sessions: {ex.Message}");
        }
        finally
        {
            http?.Dispose();
            if (connection is not null)
            {
                await connection.DisposeAsync().ConfigureAwait(false);
            }
        }
    }
}
