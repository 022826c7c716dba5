using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using AIaaS.Testing;

namespace AIaaS.EndToEnd.Tests.Operations;

/// <summary>
/// A real Prometheus on a free loopback port, scraping the given targets every second and
/// evaluating this repository's rule files every second, with its storage in a temporary
/// directory. Queries go through its HTTP API. Disposing kills it and deletes the directory.
/// </summary>
internal sealed class PrometheusServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly TemporaryDirectory _directory;
    private readonly HttpClient _http;

    private PrometheusServer(Process process, TemporaryDirectory directory, int port, ProcessOutput output)
    {
        _process = process;
        _directory = directory;
        Output = output;
        _http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(30) };
    }

    public ProcessOutput Output { get; }

    public static async Task<PrometheusServer> StartAsync(IEnumerable<Uri> targets, CancellationToken cancellationToken)
    {
        var directory = new TemporaryDirectory("aiaas-prometheus");
        var port = FreePort.Next();
        var config = directory.Combine("prometheus.yml");
        var targetList = string.Join(", ", targets.Select(t => $"\"{t.Host}:{t.Port.ToString(CultureInfo.InvariantCulture)}\""));
        var rules = string.Join("\n", OperationsFiles.RuleFiles.Select(f => $"  - {f}"));
        File.WriteAllText(config, $"""
            global:
              scrape_interval: 1s
              evaluation_interval: 1s
            rule_files:
            {rules}
            scrape_configs:
              - job_name: aiaas
                static_configs:
                  - targets: [{targetList}]
            """);
        var start = new ProcessStartInfo(PrometheusBinaries.Prometheus!)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = directory.Path,
        };
        foreach (var argument in new[]
                 {
                     $"--config.file={config}",
                     $"--storage.tsdb.path={directory.Combine("data")}",
                     $"--web.listen-address=127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}",
                 })
        {
            start.ArgumentList.Add(argument);
        }

        var output = new ProcessOutput();
        var process = new Process { StartInfo = start };
        output.Attach(process);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new PrometheusServer(process, directory, port, output);
        try
        {
            var clock = Stopwatch.StartNew();
            while (true)
            {
                if (process.HasExited)
                {
                    throw new InvalidOperationException($"prometheus exited with code {process.ExitCode}:\n{output.Tail()}");
                }

                try
                {
                    using var ready = await server._http.GetAsync("-/ready", cancellationToken);
                    if (ready.StatusCode == HttpStatusCode.OK)
                    {
                        return server;
                    }
                }
                catch (HttpRequestException)
                {
                    // Not listening yet.
                }

                if (clock.Elapsed > TimeSpan.FromSeconds(30))
                {
                    throw new TimeoutException($"prometheus was not ready within 30 s:\n{output.Tail()}");
                }

                await Task.Delay(200, cancellationToken);
            }
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>An instant query; throws with Prometheus's error when it answers one.</summary>
    public async Task<JsonArray> QueryAsync(string expression, CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync($"api/v1/query?query={Uri.EscapeDataString(expression)}", cancellationToken);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken))!;
        if (body["status"]?.GetValue<string>() != "success")
        {
            throw new InvalidOperationException($"query {expression} failed ({(int)response.StatusCode}): {body["errorType"]}: {body["error"]}");
        }

        return body["data"]!["result"]!.AsArray();
    }

    /// <summary>Every metric name Prometheus has stored from its scrapes.</summary>
    public async Task<IReadOnlySet<string>> MetricNamesAsync(CancellationToken cancellationToken)
    {
        var body = JsonNode.Parse(await _http.GetStringAsync("api/v1/label/__name__/values", cancellationToken))!;
        return body["data"]!.AsArray().Select(n => n!.GetValue<string>()).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>
    /// The label names on the stored series of every <c>aiaas_*</c>, <c>orleans_*</c> and recorded
    /// <c>aiaas:*</c> metric, by metric name (the union over its series).
    /// </summary>
    public async Task<IReadOnlyDictionary<string, IReadOnlySet<string>>> SeriesLabelsAsync(CancellationToken cancellationToken)
    {
        var match = Uri.EscapeDataString("{__name__=~\"(aiaas|orleans)_.+|aiaas:.+\"}");
        var body = JsonNode.Parse(await _http.GetStringAsync($"api/v1/series?match[]={match}", cancellationToken))!;
        return body["data"]!.AsArray()
            .Select(series => series!.AsObject())
            .GroupBy(series => series["__name__"]!.GetValue<string>(), StringComparer.Ordinal)
            .ToDictionary(
                g => g.Key,
                g => (IReadOnlySet<string>)g.SelectMany(series => series.Select(label => label.Key)).ToHashSet(StringComparer.Ordinal),
                StringComparer.Ordinal);
    }

    /// <summary>The loaded rules with their health: (name, health, last error).</summary>
    public async Task<IReadOnlyList<(string Name, string Health, string? Error)>> RulesAsync(CancellationToken cancellationToken)
    {
        var body = JsonNode.Parse(await _http.GetStringAsync("api/v1/rules", cancellationToken))!;
        return body["data"]!["groups"]!.AsArray()
            .SelectMany(g => g!["rules"]!.AsArray())
            .Select(r => (r!["name"]!.GetValue<string>(), r["health"]!.GetValue<string>(), r["lastError"]?.GetValue<string>()))
            .ToList();
    }

    /// <summary>The scrape targets with their health (<c>up</c> or <c>down</c>) and last error.</summary>
    public async Task<string> TargetsAsync(CancellationToken cancellationToken) =>
        await _http.GetStringAsync("api/v1/targets", cancellationToken);

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill();
            }

            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        }
        finally
        {
            _process.Dispose();
            _http.Dispose();
            _directory.Dispose();
        }
    }
}
