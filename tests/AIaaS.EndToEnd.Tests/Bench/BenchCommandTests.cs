using System.Globalization;
using System.Text.Json;
using AIaaS.Cli.Bench;
using AIaaS.Testing;

namespace AIaaS.EndToEnd.Tests.Bench;

/// <summary>
/// <c>aiaas bench</c> run as a process against the shared embedded silo, over each protocol. Load is
/// bounded: two concurrency levels of one second each. Only behaviour is checked (rows, no errors,
/// ordered percentiles), never speed. The server columns may be empty (a silo without Triton's
/// statistics extension answers 404) or filled; both are accepted.
/// </summary>
[Collection(EmbeddedSiloCollection.Name)]
public sealed class BenchCommandTests(EmbeddedSiloFixture fixture) : IDisposable
{
    private readonly TemporaryDirectory _files = new("aiaas-e2e-bench");

    private string Url => fixture.Silo.BaseAddress.AbsoluteUri.TrimEnd('/');

    private string GatewayPort => fixture.Silo.GatewayPort.ToString(CultureInfo.InvariantCulture);

    [Theory(Timeout = 120_000)]
    [InlineData(BenchProtocols.HttpJson)]
    [InlineData(BenchProtocols.HttpBinary)]
    [InlineData(BenchProtocols.Orleans)]
    public async Task Bench_PpocrClsAtTwoConcurrencies_WritesOneCsvRowPerLevelWithoutErrors(string protocol)
    {
        var csv = _files.Combine($"{protocol}.csv");

        // ppocr-cls declares x [-1,3,-1,-1]: the graph leaves H and W open, so --shape sets them.
        var result = await CliProcess.RunAsync(
        [
            "bench", "ppocr-cls", "--concurrency", "1,2", "--duration", "1s", "--warmup", "200ms",
            "--shape", "x:3,48,192", "--protocol", protocol, "--csv", csv, .. Target(protocol),
        ]);

        Assert.True(result.ExitCode == 0, result.ToString());
        var lines = (await File.ReadAllLinesAsync(csv)).Where(l => l.Length > 0).ToArray();
        Assert.Equal(BenchCsv.Header, lines[0]);
        Assert.Equal(3, lines.Length);
        var rows = lines[1..].Select(l => l.Split(',')).ToArray();
        Assert.Equal(["1", "2"], rows.Select(r => r[0]));
        foreach (var row in rows)
        {
            Assert.Equal(10, row.Length);
            Assert.True(Number(row[1]) > 0, $"throughput {row[1]}\n{result}");
            Assert.True(Number(row[2]) <= Number(row[4]), $"p50 {row[2]} > p99 {row[4]}\n{result}");
            Assert.True(Number(row[2]) > 0, result.ToString());
            Assert.Equal("0", row[6]);
            foreach (var server in row[7..])
            {
                Assert.True(server.Length == 0 || Number(server) >= 0, $"server column '{server}'\n{result}");
            }
        }

        Assert.Contains("x FP32 [1,3,48,192]", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("server queue us", result.Stdout, StringComparison.Ordinal);
    }

    [Theory(Timeout = 120_000)]
    [InlineData(BenchProtocols.HttpJson)]
    [InlineData(BenchProtocols.Orleans)]
    public async Task Bench_UnknownModel_FailsNamingIt(string protocol)
    {
        var result = await CliProcess.RunAsync(["bench", "no-such-model", "--duration", "1s", "--protocol", protocol, .. Target(protocol)]);

        Assert.True(result.ExitCode != 0, result.ToString());
        Assert.Contains("unknown model 'no-such-model'", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("concurrency 1:", result.Stdout, StringComparison.Ordinal);
    }

    [Theory(Timeout = 120_000)]
    [InlineData("ppocr-rec", BenchProtocols.HttpBinary, "--shape x:3,48,N")]
    [InlineData("ppocr-det", BenchProtocols.Orleans, "--shape x:3,N,N")]
    [InlineData("ppocr-rec", BenchProtocols.HttpJson, "--shape x:3,48,N")]
    public async Task Bench_DynamicDimensionWithoutShape_FailsNamingTheInput(string model, string protocol, string hint)
    {
        var result = await CliProcess.RunAsync(["bench", model, "--duration", "1s", "--protocol", protocol, .. Target(protocol)]);

        Assert.True(result.ExitCode != 0, result.ToString());
        Assert.Contains("input 'x'", result.Stderr, StringComparison.Ordinal);
        Assert.Contains(hint, result.Stderr, StringComparison.Ordinal);
    }

    [Fact(Timeout = 120_000)]
    public async Task Bench_InputDeclaredWhole_NeedsNoShape()
    {
        // ppocr-cls's graph leaves H and W open; its catalog config declares them (3x48x192).
        var result = await CliProcess.RunAsync(["bench", "ppocr-cls", "--duration", "1s", "--concurrency", "1", "--protocol", BenchProtocols.HttpJson, .. Target(BenchProtocols.HttpJson)]);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("x FP32 [1,3,48,192]", result.Stdout, StringComparison.Ordinal);
    }

    [Fact(Timeout = 60_000)]
    public async Task Bench_DurationWithoutUnit_FailsBeforeConnecting()
    {
        var result = await CliProcess.RunAsync("bench", "ppocr-cls", "--duration", "10", "--url", Url);

        Assert.True(result.ExitCode != 0, result.ToString());
        Assert.Contains("--duration '10' is not a duration", result.Stderr + result.Stdout, StringComparison.Ordinal);
    }

    [Theory(Timeout = 120_000)]
    [InlineData(BenchProtocols.HttpJson)]
    [InlineData(BenchProtocols.HttpBinary)]
    [InlineData(BenchProtocols.Orleans)]
    public async Task Bench_RealTimeSessions_EveryStepReachesTheModelAsASessionStep(string protocol)
    {
        var before = await SileroSequenceStatsAsync();

        var result = await CliProcess.RunAsync(
        [
            "bench", "silero-vad", "--sessions", "2", "--real-time", "--duration", "2s", "--warmup", "500ms",
            "--protocol", protocol, .. Target(protocol),
        ]);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains($"over {protocol};", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("2 sessions: ", result.Stdout, StringComparison.Ordinal);
        Assert.Contains(", 0 errors", result.Stdout, StringComparison.Ordinal);
        // Two sessions for 2.5 s at one step per 32 ms send about 156 steps; the model counts those
        // it ran as steps of sessions it started (a body that lost its sequence parameters would not).
        var deadline = DateTime.UtcNow.AddSeconds(10);
        var after = await SileroSequenceStatsAsync();
        while (after.Steps - before.Steps < 60 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
            after = await SileroSequenceStatsAsync();
        }

        Assert.True(after.Steps - before.Steps >= 60, $"{after.Steps - before.Steps} steps counted\n{result}");
        Assert.True(after.Started - before.Started >= 2, $"{after.Started - before.Started} sessions started\n{result}");
    }

    public void Dispose() => _files.Dispose();

    /// <summary>The silo to measure: its URL for HTTP; its gateway for orleans, and its URL for statistics.</summary>
    private string[] Target(string protocol) => protocol == BenchProtocols.Orleans
        ? ["--gateway-port", GatewayPort, "--url", Url]
        : ["--url", Url];

    /// <summary>silero-vad's session steps and starts so far, over its versions, from its statistics' <c>sequence_stats</c>.</summary>
    private async Task<(long Steps, long Started)> SileroSequenceStatsAsync()
    {
        using var http = new HttpClient { BaseAddress = fixture.Silo.BaseAddress };
        using var stats = JsonDocument.Parse(await http.GetStringAsync("v2/models/silero-vad/stats"));
        long steps = 0, started = 0;
        foreach (var entry in stats.RootElement.GetProperty("model_stats").EnumerateArray())
        {
            if (entry.TryGetProperty("sequence_stats", out var sequence))
            {
                steps += sequence.GetProperty("steps").GetInt64();
                started += sequence.GetProperty("started").GetInt64();
            }
        }

        return (steps, started);
    }

    private static double Number(string field) => double.Parse(field, NumberStyles.Float, CultureInfo.InvariantCulture);
}
