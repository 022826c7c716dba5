using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using AIaaS.Testing;
using AIaaS.Testing.Cluster;

namespace AIaaS.EndToEnd.Tests.Operations;

/// <summary>
/// The dashboards and rules against a real Prometheus scraping a real cluster: a front, a CPU
/// worker and a simulated GPU worker (separate processes over Redis, loopback), serving a CPU
/// model, a GPU model and a model whose file is corrupt, under a short load. Every panel
/// expression and every recording rule must return data; every metric name the files use must
/// be one the silos export, and every label they match or group on one those series carry, so a
/// renamed instrument or label fails here.
/// </summary>
public sealed class PrometheusClusterTests
{
    private static readonly TimeSpan ResultDeadline = TimeSpan.FromSeconds(90);

    [SkippableFact(Timeout = 300_000)]
    public async Task Prometheus_ScrapingClusterUnderLoad_EveryPanelAndRecordingRuleReturnsData()
    {
        PrometheusBinaries.SkipUnlessPresent();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(290));
        var ct = timeout.Token;

        await using var cluster = await SiloCluster.StartAsync(new SiloClusterOptions { Workers = 1 }, ct);
        await cluster.StartWorkerAsync(["--AIaaS:Accelerator=cuda", "--AIaaS:GpuMemoryMb=8000"], TimeSpan.FromSeconds(60), ct);
        var source = RepositoryPaths.RealModel("ppocr-cls");
        cluster.AddModel("cls", source, config => config["accelerator"] = "cpu");
        cluster.AddModel("cls-gpu", source, config =>
        {
            config["accelerator"] = "gpu";
            config["gpu_memory_mb"] = 2000;
        });
        AddCorruptModel(cluster, "broken", source);
        await cluster.LoadModelAsync("cls", ct);
        await cluster.LoadModelAsync("cls-gpu", ct);

        using var http = new HttpClient { BaseAddress = cluster.Front.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        // Its replica cannot open the file: the load fails (a load failure on the worker) and requests answer 503.
        using (var brokenLoad = await http.PostAsync("v2/repository/models/broken/load", content: null, ct))
        {
            Assert.NotEqual(HttpStatusCode.OK, brokenLoad.StatusCode);
        }

        // A tenant over its rate quota: its calls are mostly 429s, which the tenants dashboard shows.
        var limitedKey = await CreateLimitedTenantAsync(http, ct);

        await using var prometheus = await PrometheusServer.StartAsync([cluster.Front.BaseAddress, .. cluster.Workers.Select(w => w.BaseAddress)], ct);
        using var stopLoad = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var load = RunLoadAsync(http, limitedKey, stopLoad.Token);
        var failures = new List<string>();
        try
        {
            var queries = OperationsFiles.PanelQueries()
                .Select(q => ($"{q.Dashboard} / {q.Panel}", OperationsFiles.Concrete(q.Expression)))
                .Concat(OperationsFiles.Rules().Where(r => !r.IsAlert).Select(r => ($"recording rule {r.Name}", r.Expression)))
                .Concat(OperationsFiles.Rules().Where(r => !r.IsAlert).Select(r => ($"recorded series {r.Name}", r.Name)))
                .ToList();
            Assert.True(queries.Count > 20, $"only {queries.Count} expressions found");
            failures.AddRange(await WaitForDataAsync(prometheus, queries, ct));
            var exported = await prometheus.MetricNamesAsync(ct);
            failures.AddRange(OperationsFiles.MetricNames().Where(n => !exported.Contains(n)).Order(StringComparer.Ordinal)
                .Select(n => $"metric {n} is used in dashboards/ but no silo exports it"));
            var labels = await prometheus.SeriesLabelsAsync(ct);
            var labelUses = OperationsFiles.LabelUses();
            Assert.Contains(labelUses, u => u.Label == "version");
            failures.AddRange(labelUses
                .Where(u => !u.Metrics.Any(m => labels.TryGetValue(m, out var names) && names.Contains(u.Label)))
                .Select(u => $"{u.Source}: label {u.Label} is on no series of {string.Join(", ", u.Metrics)} as Prometheus stored them"));
            failures.AddRange((await prometheus.RulesAsync(ct)).Where(r => r.Health != "ok")
                .Select(r => $"rule {r.Name} is {r.Health} in Prometheus: {r.Error}"));
        }
        finally
        {
            await stopLoad.CancelAsync();
            await load;
        }

        Assert.True(failures.Count == 0,
            $"{failures.Count} problems:\n{string.Join("\n", failures)}\n\ntargets: {await prometheus.TargetsAsync(CancellationToken.None)}\n\nprometheus:\n{prometheus.Output.Tail(3000)}");
    }

    /// <summary>
    /// Polls every query, in rounds, until each has returned at least one sample with a number
    /// (not NaN) or the deadline passes: rate windows need two scrapes, recording rules an
    /// evaluation. Returns what was wrong with those that never did.
    /// </summary>
    private static async Task<IReadOnlyList<string>> WaitForDataAsync(PrometheusServer prometheus, IReadOnlyList<(string What, string Expression)> queries, CancellationToken ct)
    {
        var failures = new List<string>();
        var pending = queries.ToDictionary(q => q, _ => "not queried yet");
        var clock = Stopwatch.StartNew();
        while (pending.Count > 0 && clock.Elapsed < ResultDeadline)
        {
            foreach (var query in pending.Keys.ToList())
            {
                try
                {
                    var result = await prometheus.QueryAsync(query.Expression, ct);
                    if (result.Any(sample => double.TryParse(sample!["value"]![1]!.GetValue<string>(), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && !double.IsNaN(v)))
                    {
                        pending.Remove(query);
                    }
                    else
                    {
                        pending[query] = result.Count == 0 ? "returned nothing" : $"returned only NaN: {result.ToJsonString()}";
                    }
                }
                catch (InvalidOperationException ex)
                {
                    // A syntax error or an unknown function does not heal: report it at once.
                    failures.Add($"{query.What}: {query.Expression}\n  {ex.Message}");
                    pending.Remove(query);
                }
            }

            if (pending.Count > 0)
            {
                await Task.Delay(500, ct);
            }
        }

        failures.AddRange(pending.Select(p => $"{p.Key.What}: {p.Key.Expression}\n  {p.Value}"));
        return failures;
    }

    /// <summary>Tenant <c>limited</c> (the CPU model, 2 requests a second) and a key of it.</summary>
    private static async Task<string> CreateLimitedTenantAsync(HttpClient http, CancellationToken ct)
    {
        using var tenant = new StringContent("""{"id": "limited", "models": ["cls"], "quotas": {"requests_per_second": 2, "burst": 2}}""", Encoding.UTF8, "application/json");
        using (var created = await http.PostAsync("admin/tenants", tenant, ct))
        {
            Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync(ct));
        }

        using var key = await http.PostAsync("admin/tenants/limited/keys", null, ct);
        return JsonNode.Parse(await key.Content.ReadAsStringAsync(ct))!["key"]!.GetValue<string>();
    }

    /// <summary>
    /// Until cancelled: the CPU and GPU models from four concurrent callers, with every tenth
    /// call a malformed request (invalid_argument) or one to the corrupt model (unavailable), and a
    /// fifth caller, tenant <c>limited</c>, calling the CPU model faster than its quota allows.
    /// </summary>
    private static Task RunLoadAsync(HttpClient http, string limitedKey, CancellationToken stop)
    {
        var valid = Body(3 * 48 * 192);
        var malformed = Body(5);
        var limited = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    using var request = new HttpRequestMessage(HttpMethod.Post, "v2/models/cls/infer") { Content = new StringContent(valid, Encoding.UTF8, "application/json") };
                    request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", limitedKey);
                    using var response = await http.SendAsync(request, stop);
                    await Task.Delay(50, stop);
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                    return;
                }
            }
        }, CancellationToken.None);
        return Task.WhenAll([limited, .. Enumerable.Range(0, 4).Select(caller => Task.Run(async () =>
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                var (model, body) = (i % 10) switch
                {
                    3 => ("cls", malformed),
                    7 => ("broken", valid),
                    _ => (caller % 2 == 0 ? "cls" : "cls-gpu", valid),
                };
                try
                {
                    using var content = new StringContent(body, Encoding.UTF8, "application/json");
                    using var response = await http.PostAsync($"v2/models/{model}/infer", content, stop);
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                    return;
                }
            }
        }, CancellationToken.None))]);
    }

    private static string Body(int values)
    {
        var data = string.Join(',', Enumerable.Repeat("0.5", values));
        return $$"""{"inputs":[{"name":"x","shape":[1,3,48,192],"datatype":"FP32","data":[{{data}}]}]}""";
    }

    /// <summary>A model with a valid config whose version file is not an ONNX model: every load of it fails.</summary>
    private static void AddCorruptModel(SiloCluster cluster, string name, string source)
    {
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(source, "config.json")))!.AsObject();
        config["name"] = name;
        var version = Directory.CreateDirectory(Path.Combine(cluster.ModelRepository, name, "1")).FullName;
        File.WriteAllBytes(Path.Combine(version, "model.onnx"), Encoding.ASCII.GetBytes("this is not an ONNX model"));
        File.WriteAllText(Path.Combine(cluster.ModelRepository, name, "config.json"), config.ToJsonString());
    }
}
