using System.Globalization;
using AIaaS.Cli.Bench;
using AIaaS.Cli.Remote;
using AIaaS.Http.Hosting;
using AIaaS.Requests;
using AIaaS.Inference.Execution;
using AIaaS.Tensors;
using AIaaS.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace AIaaS.Bench;

/// <summary>
/// The in-process throughput and latency harness (<see cref="ThroughputCommand"/>): in interleaved
/// rounds of one run, the raw ONNX Runtime ceiling next to every serving path with batching on and
/// off (each also against the ceiling run just before and after it), on ppocr-cls (plus a naive
/// per-request endpoint) and on a tiny model; and the latency each path adds at concurrency 1 on
/// the tiny model. Prints medians and ratios. The silo runs in this process, so the load generator
/// shares its cores: <c>ExternalBench</c> measures with the load in another process.
/// </summary>
internal static class ThroughputBench
{
    public static async Task<int> RunAsync(BenchOptions options)
    {
        using var repository = new TemporaryDirectory("aiaas-bench-repo");
        using var data = new TemporaryDirectory("aiaas-bench-data");
        BenchRepository.Prepare(options.Models, repository.Path);

        // ppocr-cls declares x [-1,3,-1,-1]; its images are 48x192. The tiny model's x is [-1,16].
        using var cls = LoadWorkload(BenchRepository.Cls, [new InputShape("x", [3, 48, 192])]);
        using var tiny = LoadWorkload(BenchRepository.Tiny, []);
        using var nullModel = LoadWorkload(BenchRepository.Null, []);
        var ports = FreePort.Take(4);
        await using var silo = await StartSiloAsync(repository.Path, data.Path, (ports[0], ports[1], ports[2]), options.SiloSettings);
        await using var naive = await StartNaiveAsync(cls.Raw, ports[3]);
        await using var sdk = await SdkConnection.StartAsync(o => o.GatewayPort = ports[2], CancellationToken.None);
        using var http = new OipHttpClient(new Uri($"http://127.0.0.1:{ports[0]}/"));
        using var naiveHttp = new OipHttpClient(new Uri($"http://127.0.0.1:{ports[3]}/"));
        var runCls = options.Only is null or "cls";
        var runTiny = options.Only is null or "tiny";
        // Only on request: a diagnostic of the serving paths' own cost at ppocr-cls's request size.
        var runNull = options.Only is "null";

        var duration = TimeSpan.FromSeconds(options.Seconds);
        var bracket = TimeSpan.FromSeconds(1);
        var c = options.Concurrency;
        var clsRequest = new InferenceRequest { Inputs = cls.Inputs(1) };
        var tinyRequest = new InferenceRequest { Inputs = tiny.Inputs(1) };
        var clsPaths = ServingPaths(BenchRepository.Cls, BenchRepository.ClsNoBatch, clsRequest)
            .Append((Name: "naive endpoint (ORT per request)", Model: (string?)null, Call: naiveHttp.CreateCall(new Uri(naiveHttp.BaseUrl, "infer"), OipRequestBody.Json(clsRequest))))
            .Where(p => options.Selects(p.Name))
            .ToList();
        var tinyPaths = ServingPaths(BenchRepository.Tiny, BenchRepository.TinyNoBatch, tinyRequest)
            .Where(p => options.Selects(p.Name))
            .ToList();
        var nullPaths = ServingPaths(BenchRepository.Null, BenchRepository.NullNoBatch, new InferenceRequest { Inputs = nullModel.Inputs(1) })
            .Where(p => options.Selects(p.Name))
            .ToList();

        // Every path once before the rounds, uncounted: the JIT's tiering of the serving code (Kestrel,
        // Orleans, the scheduler, the load generator) otherwise takes cores from the first round's windows.
        Console.WriteLine("warm-up: every path for 2 s");
        foreach (var (_, _, call) in (runCls ? clsPaths : []).Concat(runTiny ? tinyPaths : []).Concat(runNull ? nullPaths : []))
        {
            await ClosedLoop.RunAsync(new ClosedLoopOptions { Concurrency = c, Duration = TimeSpan.FromSeconds(2) }, call);
        }

        var results = new RoundResults();
        for (var round = 1; round <= options.Rounds; round++)
        {
            Console.WriteLine($"round {round}/{options.Rounds}");
            if (runCls)
            {
                var clsBest = MeasureRaw(cls, [8, 16, 32], duration / 2);
                await MeasureBracketedAsync(cls, clsPaths, clsBest);
            }

            if (runTiny)
            {
                var tinyBest = MeasureRaw(tiny, [8, 16, 32, BenchRepository.TinyMaxBatch], duration / 4);
                await MeasureBracketedAsync(tiny, tinyPaths, tinyBest);

                foreach (var (name, model, call) in tinyPaths)
                {
                    await MeasureAddedLatencyAsync(name, model!, call);
                }
            }

            if (runNull)
            {
                await MeasureBracketedAsync(nullModel, nullPaths, MeasureRaw(nullModel, [8, 16, 32], duration / 4));
            }
        }

        Console.WriteLine();
        Console.WriteLine($"median over {options.Rounds} round(s), concurrency {c}, {Environment.ProcessorCount} cores{(options.SiloSettings.Count == 0 ? "" : ", silo " + string.Join(' ', options.SiloSettings))}");
        if (runCls)
        {
            PrintThroughput(cls, withNaive: true);
        }

        if (runTiny)
        {
            PrintThroughput(tiny, withNaive: false);
            PrintAddedLatency();
        }

        if (runNull)
        {
            PrintThroughput(nullModel, withNaive: false);
        }

        await naive.StopAsync();
        await silo.StopAsync();
        return 0;

        Workload LoadWorkload(string model, IReadOnlyList<InputShape> shapes)
        {
            return new Workload(model, RawOrt.LoadConfigurations(BenchRepository.ModelFile(repository.Path, model)), shapes);
        }

        // Every protocol against the model with and without batching, named "{protocol}, batching on|off".
        IEnumerable<(string Name, string? Model, Func<CancellationToken, Task> Call)> ServingPaths(string batched, string unbatched, InferenceRequest request)
        {
            foreach (var protocol in BenchProtocols.All)
            {
                foreach (var (model, batching) in new[] { (batched, "on"), (unbatched, "off") })
                {
                    IBenchTarget target = protocol == BenchProtocols.Orleans
                        ? new OrleansBenchTarget(sdk.Client, model, null)
                        : new OipHttpBenchTarget(http, model, null, binary: protocol == BenchProtocols.HttpBinary);
                    yield return ($"{protocol}, batching {batching}", model, target.Prepare(request));
                }
            }
        }

        // Raw ORT at batch 1 and at the best of the given sizes, in each configuration of threads: the
        // ceiling is the best. Returns the best configuration and batch, and its rate.
        (RawConfiguration Configuration, RawOrtResult Result) MeasureRaw(Workload workload, int[] batches, TimeSpan each)
        {
            RawOrtResult? batch1 = null;
            RawOrtResult? best = null;
            RawConfiguration? bestConfiguration = null;
            var p50 = double.MaxValue;
            foreach (var configuration in workload.RawConfigurations)
            {
                var one = RawOrt.Measure(configuration, workload.Inputs(1), 1, each);
                var top = batches.Select(b => RawOrt.Measure(configuration, workload.Inputs(b), b, each)).MaxBy(r => r.ItemsPerSecond)!;
                Console.WriteLine(Invariant($"  {workload.Model} raw ORT, {configuration.Name}: batch 1 {one.ItemsPerSecond:F0} items/s (p50 {one.Latency.P50:F1} us per call, cpu {one.Cores:F2} cores), best batch {top.Batch} {top.ItemsPerSecond:F0} items/s (cpu {top.Cores:F2} cores, {top.Cores * 1e6 / top.ItemsPerSecond:F0} us/item)"));
                batch1 = batch1 is null || one.ItemsPerSecond > batch1.ItemsPerSecond ? one : batch1;
                if (best is null || top.ItemsPerSecond > best.ItemsPerSecond)
                {
                    (best, bestConfiguration) = (top, configuration);
                }

                if (configuration.Callers == 1)
                {
                    // One call's own compute: concurrent callers share the cores and take longer per call.
                    p50 = Math.Min(p50, one.Latency.P50);
                }
            }

            results.Add($"{workload.Model}|raw ORT batch 1", batch1!.ItemsPerSecond);
            results.Add($"{workload.Model}|raw ORT best batch", best!.ItemsPerSecond);
            results.Add($"{workload.Model}|raw p50 us", p50);
            return (bestConfiguration!, best);
        }

        // Every path of a model between two short runs of the round's ceiling (its best configuration and
        // batch), so each path also has a ratio to the ceiling measured just before and after it: the
        // machine's speed drifts over seconds, and a round's paths run for tens of them.
        async Task MeasureBracketedAsync(Workload workload, IReadOnlyList<(string Name, string? Model, Func<CancellationToken, Task> Call)> paths, (RawConfiguration Configuration, RawOrtResult Result) best)
        {
            var inputs = workload.Inputs(best.Result.Batch);
            double Ceiling() => RawOrt.Measure(best.Configuration, inputs, best.Result.Batch, bracket).ItemsPerSecond;
            var before = Ceiling();
            foreach (var (name, model, call) in paths)
            {
                var rate = await MeasureThroughputAsync(workload, name, model, call, best.Result.ItemsPerSecond);
                var after = Ceiling();
                var adjacent = (before + after) / 2;
                results.Add($"adjacent|{workload.Model}|{name}", rate / adjacent);
                Console.WriteLine(Invariant($"    ceiling just before and after: {before:F0} and {after:F0} items/s: {rate / adjacent:F2} of their mean"));
                before = after;
            }
        }

        // model: the served model whose statistics break the window down; null for the naive endpoint.
        async Task<double> MeasureThroughputAsync(Workload workload, string name, string? model, Func<CancellationToken, Task> call, double rawBest)
        {
            var stats = model is null ? null : new ServerStatisticsReader(http, model, null);
            ServerCounters? opened = null, closed = null;
            Task<ServerCounters> Read(CancellationToken ct) => ServerCounters.ReadAsync(stats, ct);
            var result = await ClosedLoop.RunAsync(
                new ClosedLoopOptions
                {
                    Concurrency = c,
                    Warmup = TimeSpan.FromSeconds(1),
                    Duration = duration,
                    WindowOpened = async ct => opened = await Read(ct),
                    WindowClosed = async ct => closed = await Read(ct),
                },
                call);
            var rate = result.PerSecond();
            results.Add($"{workload.Model}|{name}", rate);
            Console.WriteLine(Invariant($"  {workload.Model} {name} @ concurrency {c}: {rate:F0} items/s = {rate / rawBest:F2} of raw best{Errors(result)}"));
            Console.WriteLine($"    {ServerCounters.Describe(opened!, closed!, duration, rate * duration.TotalSeconds)}");
            return rate;
        }

        // Concurrency 1 on the tiny model: end-to-end p50 and p99, and what they add to this round's raw p50
        // per call; the breakdown line says how much of it the replica spent (queue: the hop to an executor).
        async Task MeasureAddedLatencyAsync(string name, string model, Func<CancellationToken, Task> call)
        {
            var stats = new ServerStatisticsReader(http, model, null);
            ServerCounters? opened = null, closed = null;
            var window = duration / 2;
            var result = await ClosedLoop.RunAsync(
                new ClosedLoopOptions
                {
                    Concurrency = 1,
                    Warmup = TimeSpan.FromMilliseconds(500),
                    Duration = window,
                    WindowOpened = async ct => opened = await ServerCounters.ReadAsync(stats, ct),
                    WindowClosed = async ct => closed = await ServerCounters.ReadAsync(stats, ct),
                },
                call);
            var raw = results.Latest($"{tiny.Model}|raw p50 us");
            results.Add($"latency|{name}|p50", result.Latency.P50);
            results.Add($"latency|{name}|p99", result.Latency.P99);
            results.Add($"latency|{name}|added p50", result.Latency.P50 - raw);
            results.Add($"latency|{name}|added p99", result.Latency.P99 - raw);
            Console.WriteLine(Invariant($"  {tiny.Model} {name} @ concurrency 1: p50 {result.Latency.P50:F0} us, p99 {result.Latency.P99:F0} us; added p50 {result.Latency.P50 - raw:F0} us, p99 {result.Latency.P99 - raw:F0} us{Errors(result)}"));
            Console.WriteLine($"    {ServerCounters.Describe(opened!, closed!, window, result.PerSecond() * window.TotalSeconds)}");
        }

        void PrintThroughput(Workload workload, bool withNaive)
        {
            var prefix = $"{workload.Model}|";
            var ceiling = results.Median(prefix + "raw ORT best batch");
            var rawGain = ceiling / results.Median(prefix + "raw ORT batch 1");
            Console.WriteLine();
            Console.WriteLine($"{workload.Model} ({workload.Describe()}), items/s");
            Console.WriteLine("| path | items/s | of raw best batch | of the ceiling around it |");
            Console.WriteLine("|---|---|---|---|");
            foreach (var name in results.NamesStartingWith(prefix).Where(n => !n.EndsWith(" us", StringComparison.Ordinal)))
            {
                var adjacent = results.Has("adjacent|" + name) ? Invariant($"{results.Median("adjacent|" + name):F2}") : "";
                Console.WriteLine(Invariant($"| {name[prefix.Length..]} | {results.Median(name):F0} | {results.Median(name) / ceiling:F2} | {adjacent} |"));
            }

            Console.WriteLine(Invariant($"raw batching gain (best / batch 1): {rawGain:F2}"));
            // With --paths, a protocol's gains need both of its paths (and the naive endpoint) measured.
            foreach (var protocol in BenchProtocols.All.Where(p => results.Has($"{prefix}{p}, batching on") && results.Has($"{prefix}{p}, batching off")))
            {
                var on = results.Median($"{prefix}{protocol}, batching on");
                var gain = on / results.Median($"{prefix}{protocol}, batching off");
                var line = Invariant($"{protocol}: batching on/off {gain:F2} ({gain / rawGain:F2} of raw gain)");
                if (withNaive && results.Has($"{prefix}naive endpoint (ORT per request)"))
                {
                    var naiveGain = on / results.Median($"{prefix}naive endpoint (ORT per request)");
                    line += Invariant($"; vs naive {naiveGain:F2} ({naiveGain / rawGain:F2} of raw gain)");
                }

                Console.WriteLine(line);
            }
        }

        void PrintAddedLatency()
        {
            Console.WriteLine();
            Console.WriteLine(Invariant($"added latency at concurrency 1, {tiny.Model} ({tiny.Describe()}): end-to-end minus the raw ORT p50 per call ({results.Median($"{tiny.Model}|raw p50 us"):F1} us)"));
            Console.WriteLine("| path | p50 us | p99 us | added p50 us | added p99 us | targets |");
            Console.WriteLine("|---|---|---|---|---|---|");
            foreach (var (name, _, _) in tinyPaths)
            {
                var protocol = name[..name.IndexOf(',', StringComparison.Ordinal)];
                var addedP50 = results.Median($"latency|{name}|added p50");
                var addedP99 = results.Median($"latency|{name}|added p99");
                Console.WriteLine(Invariant(
                    $"| {name} | {results.Median($"latency|{name}|p50"):F0} | {results.Median($"latency|{name}|p99"):F0} | {addedP50:F0} | {addedP99:F0} | {AddedLatencyTargets.Verdict(protocol, addedP50, addedP99)} |"));
            }
        }

        static string Errors(ClosedLoopResult result) =>
            result.Errors == 0 ? "" : $" ({result.Errors} errors, first: {BenchLevel.Describe(result.FirstError!)})";

        static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

        static async Task<WebApplication> StartSiloAsync(string repository, string data, (int Http, int Silo, int Gateway) ports, IReadOnlyList<string> settings)
        {
            var arguments = SiloArguments.Create(ports, repository, data, "aiaas-bench");
            arguments.Add("--Logging:LogLevel:Default=Warning");
            arguments.AddRange(settings);
            var builder = WebApplication.CreateBuilder([.. arguments]);
            builder.AddAIaaSSilo();
            var app = builder.Build();
            app.MapAIaaS();
            await app.StartAsync();
            await SiloReadiness.WaitAsync(SiloArguments.BaseAddress(ports.Http), TimeSpan.FromSeconds(60));
            return app;
        }

        // What a .NET developer writes by hand: deserialize, run ORT for this one request, serialize.
        static async Task<WebApplication> StartNaiveAsync(OnnxModel model, int port)
        {
            var builder = WebApplication.CreateSlimBuilder(["--urls", $"http://127.0.0.1:{port}", "--Logging:LogLevel:Default=Warning"]);
            var app = builder.Build();
            app.MapPost("/infer", (NaiveRequest request) =>
            {
                var x = request.Inputs[0];
                var outputs = model.Run([Tensor.Create<float>(x.Name, x.Shape, x.Data)]);
                return Results.Json(new { outputs = outputs.Select(o => new { name = o.Name, shape = o.Shape, data = o.ToArray<float>() }) });
            });
            await app.StartAsync();
            return app;
        }
    }
}
