using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using AIaaS.Bench.External;
using AIaaS.Cli.Remote;
using AIaaS.Requests;
using AIaaS.Tensors;
using AIaaS.Testing;
using AIaaS.Testing.Onnx;

namespace AIaaS.Bench.Tenancy;

/// <summary>
/// Tenancy as users meet it (<c>aiaas-bench tenancy</c>), ppocr-cls over HTTP binary from
/// <c>hey</c> in a separate process, two silo processes from one repository:
/// <list type="bullet">
/// <item>Cost: a silo without auth (anonymous, the quick start) against one with
/// <c>AIaaS:Auth:Required</c>, a tenant key on every request and quotas generous enough never to
/// refuse (so each request is authenticated, rate-, concurrency- and budget-checked and metered),
/// back to back at c=1 and c=32 in each round: throughput ratio and p50 difference.</item>
/// <item>Fairness, on the auth silo: a quiet tenant at c=1 alone, then beside a flooding tenant
/// at <c>--flood</c>, and, as the control, beside the same flood sent with the quiet tenant's own
/// key (one tenant queue, so the round-robin across tenants cannot help), and beside a flooding
/// tenant held to a <c>max_concurrency</c> quota (its excess refused with 429 at the front).</item>
/// </list>
/// </summary>
internal static class TenancyBench
{
    private const int CappedConcurrency = 4;
    private const string Busy = "busy";
    // The same model with every executor shared across tenants (dynamic_batching.isolate_tenants false).
    private const string BusyShared = "busy-shared";
    // The same model without dynamic_batching: one request per run on each executor, tenants taken in turn.
    private const string BusyUnbatched = "busy-unbatched";
    private const int BusyWidth = 256;
    private const int BusyMatMuls = 500;
    private static readonly JsonSerializerOptions OmitNulls = new() { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };

    public static async Task<int> RunAsync(TenancyOptions options, CancellationToken cancellationToken)
    {
        using var setup = await ClsLoadSetup.CreateAsync(options.Models, cancellationToken);
        var busyBody = await WriteBusyModelAsync(setup, cancellationToken);
        var adminKey = "aiaas_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));

        await using var open = await StartAsync(setup.Repository, Path.Combine(setup.Data, "open"), "aiaas-bench-open", [], cancellationToken);
        await using var secured = await StartAsync(setup.Repository, Path.Combine(setup.Data, "auth"), "aiaas-bench-auth", ["--AIaaS:Auth:Required=true", $"--AIaaS:Auth:AdminKey={adminKey}"], cancellationToken);
        using var admin = new HttpClient { BaseAddress = secured.BaseAddress };
        admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", adminKey);
        // Quotas that are checked on every request but never refuse one.
        var generous = new { requests_per_second = 1_000_000, burst = 1_000_000, max_concurrency = 10_000, compute_seconds_per_day = 1_000_000_000 };
        var benchKey = await TenantKeyAsync(admin, "bench", generous, cancellationToken);
        var floodKey = await TenantKeyAsync(admin, "flood", null, cancellationToken);
        var cappedKey = await TenantKeyAsync(admin, "capped", new { max_concurrency = CappedConcurrency }, cancellationToken);
        var quietKey = await TenantKeyAsync(admin, "quiet", null, cancellationToken);

        var anonymous = new HeyLoadTool(setup.BodyFile, setup.HeaderLength);
        HeyLoadTool Keyed(string key) => new(setup.BodyFile, setup.HeaderLength, [$"Authorization: Bearer {key}"]);
        var bench = Keyed(benchKey);
        // --cost-only compares within one silo process: the quick start's silo (keys not required)
        // takes a tenant's key when one is sent, and authenticates, rate-limits and meters it as a
        // secured silo does. Two processes differ by more than the cost being measured.
        var (keyedSilo, keyed) = (secured, bench);
        if (options.CostOnly)
        {
            using var anonymousAdmin = new HttpClient { BaseAddress = open.BaseAddress };
            (keyedSilo, keyed) = (open, Keyed(await TenantKeyAsync(anonymousAdmin, "bench", generous, cancellationToken)));
        }

        var quiet = Keyed(quietKey);
        var flood = Keyed(floodKey);
        var capped = Keyed(cappedKey);
        var floodAsQuiet = Keyed(quietKey);
        HeyLoadTool BusyKeyed(string key) => new(busyBody.File, busyBody.HeaderLength, [$"Authorization: Bearer {key}"]);
        var busyQuiet = BusyKeyed(quietKey);
        var busyFlood = BusyKeyed(floodKey);
        var busyFloodAsQuiet = BusyKeyed(quietKey);
        Console.WriteLine($"silo processes: without auth {open.ProcessId} at {open.BaseAddress}, with auth {secured.ProcessId} at {secured.BaseAddress}");

        // Uncounted: JIT tiering and ONNX Runtime's first runs on both silos.
        if (!options.FairnessOnly)
        {
            await anonymous.RunAsync(open.BaseAddress, BenchRepository.Cls, 8, TimeSpan.FromSeconds(3), cancellationToken);
            await keyed.RunAsync(keyedSilo.BaseAddress, BenchRepository.Cls, 8, TimeSpan.FromSeconds(3), cancellationToken);
        }

        if (!options.CostOnly)
        {
            await busyQuiet.RunAsync(secured.BaseAddress, Busy, 8, TimeSpan.FromSeconds(3), cancellationToken);
            await busyQuiet.RunAsync(secured.BaseAddress, BusyShared, 8, TimeSpan.FromSeconds(3), cancellationToken);
            await busyQuiet.RunAsync(secured.BaseAddress, BusyUnbatched, 8, TimeSpan.FromSeconds(3), cancellationToken);
        }

        var results = new RoundResults();
        var window = TimeSpan.FromSeconds(options.Seconds);
        for (var round = 1; round <= options.Rounds; round++)
        {
            Console.WriteLine($"round {round}/{options.Rounds}");
            foreach (var c in options.FairnessOnly ? [] : new[] { 1, 32 })
            {
                // ABBA: which silo goes first alternates by round, so a machine slowing down or
                // speeding up over a round does not always favour the same one.
                var openFirst = round % 2 == 1;
                var (off, offCpu) = openFirst ? await MeasuredAsync(anonymous, open, c, window, cancellationToken) : default;
                var (on, onCpu) = await MeasuredAsync(keyed, keyedSilo, c, window, cancellationToken);
                if (!openFirst)
                {
                    (off, offCpu) = await MeasuredAsync(anonymous, open, c, window, cancellationToken);
                }

                Report($"c={c} without auth", off);
                Report($"c={c} key, quotas, metering", on);
                Console.WriteLine(Invariant($"    silo CPU per request: {offCpu:F0} µs without auth, {onCpu:F0} µs with"));
                results.Add($"{c}|off|items/s", off.ItemsPerSecond);
                results.Add($"{c}|on|items/s", on.ItemsPerSecond);
                results.Add($"{c}|off|p50 ms", Milliseconds(off));
                results.Add($"{c}|on|p50 ms", Milliseconds(on));
                results.Add($"{c}|ratio", on.ItemsPerSecond / off.ItemsPerSecond);
                results.Add($"{c}|p50 added us", (Milliseconds(on) - Milliseconds(off)) * 1000);
                // hey prints latencies to 0.1 ms; a closed loop's mean latency is its concurrency over its rate, to the microsecond.
                results.Add($"{c}|mean added us", (c / on.ItemsPerSecond - c / off.ItemsPerSecond) * 1e6);
                results.Add($"{c}|errors", off.Errors + on.Errors);
                // CPU per request is steadier than rate or latency on a shared machine: the front's added work, in silo CPU.
                results.Add($"{c}|off|cpu us", offCpu);
                results.Add($"{c}|on|cpu us", onCpu);
                results.Add($"{c}|cpu added us", onCpu - offCpu);
            }

            if (options.CostOnly)
            {
                continue;
            }

            if (!options.FairnessOnly)
            {
                await QuietBesideFloodsAsync();
            }

            async Task QuietBesideFloodsAsync()
            {
                var alone = await quiet.RunAsync(secured.BaseAddress, BenchRepository.Cls, 1, window, cancellationToken);
                var (beside, flooding) = await BesideAsync(quiet, flood, secured.BaseAddress, options.Flood, window, cancellationToken);
                var (shared, sharedFlood) = await BesideAsync(quiet, floodAsQuiet, secured.BaseAddress, options.Flood, window, cancellationToken);
                var (held, heldFlood) = await BesideAsync(quiet, capped, secured.BaseAddress, options.Flood, window, cancellationToken);
                Report("quiet tenant alone", alone);
                Report($"quiet tenant beside another tenant's flood (c={options.Flood}: {flooding.ItemsPerSecond:F0} items/s)", beside);
                Report($"quiet tenant beside the same flood under its own key (c={options.Flood}: {sharedFlood.ItemsPerSecond:F0} items/s)", shared);
                Report($"quiet tenant beside a flood held to max_concurrency {CappedConcurrency} (c={options.Flood}: {heldFlood.ItemsPerSecond:F0} items/s, {heldFlood.Errors} refused)", held);
                results.Add("quiet|alone p50 ms", Milliseconds(alone));
                results.Add("quiet|beside p50 ms", Milliseconds(beside));
                results.Add("quiet|shared p50 ms", Milliseconds(shared));
                results.Add("quiet|beside of alone", Milliseconds(beside) / Milliseconds(alone));
                results.Add("quiet|shared of alone", Milliseconds(shared) / Milliseconds(alone));
                results.Add("quiet|held p50 ms", Milliseconds(held));
                results.Add("quiet|held of alone", Milliseconds(held) / Milliseconds(alone));
                results.Add("quiet|held flood items/s", heldFlood.ItemsPerSecond);
                // The capped flood's 429s are the quota at work; only the quiet tenant's and the uncapped floods' failures count.
                results.Add("quiet|errors", alone.Errors + beside.Errors + shared.Errors + held.Errors + flooding.Errors + sharedFlood.Errors);
            }

            // The same on a model whose compute, not the request's bytes, is scarce: the batch queue's round-robin is what decides.
            var busyAlone = await busyQuiet.RunAsync(secured.BaseAddress, Busy, 1, window, cancellationToken);
            var (busyBeside, busyFlooding) = await BesideAsync(busyQuiet, busyFlood, secured.BaseAddress, options.Flood, window, cancellationToken, Busy);
            var (busyShared, busySharedFlood) = await BesideAsync(busyQuiet, busyFloodAsQuiet, secured.BaseAddress, options.Flood, window, cancellationToken, Busy);
            var (busyUnisolated, busyUnisolatedFlood) = await BesideAsync(busyQuiet, busyFlood, secured.BaseAddress, options.Flood, window, cancellationToken, BusyShared);
            var busyFloodAlone = await busyFlood.RunAsync(secured.BaseAddress, Busy, options.Flood, window, cancellationToken);
            var unbatchedAlone = await busyQuiet.RunAsync(secured.BaseAddress, BusyUnbatched, 1, window, cancellationToken);
            var (unbatchedBeside, unbatchedFlooding) = await BesideAsync(busyQuiet, busyFlood, secured.BaseAddress, options.Flood, window, cancellationToken, BusyUnbatched);
            // One tenant queue: arrival order, what every tenant got before the rotation.
            var (unbatchedShared, _) = await BesideAsync(busyQuiet, busyFloodAsQuiet, secured.BaseAddress, options.Flood, window, cancellationToken, BusyUnbatched);
            Report("busy-unbatched: quiet tenant alone", unbatchedAlone);
            Report("busy-unbatched: quiet tenant beside the same flood under its own key", unbatchedShared);
            results.Add("unbatched|shared p50 ms", Milliseconds(unbatchedShared));
            results.Add("unbatched|shared of alone", Milliseconds(unbatchedShared) / Milliseconds(unbatchedAlone));
            Report($"busy-unbatched: quiet tenant beside another tenant's flood (c={options.Flood}: {unbatchedFlooding.ItemsPerSecond:F0} items/s)", unbatchedBeside);
            results.Add("unbatched|alone p50 ms", Milliseconds(unbatchedAlone));
            results.Add("unbatched|beside p50 ms", Milliseconds(unbatchedBeside));
            results.Add("unbatched|beside of alone", Milliseconds(unbatchedBeside) / Milliseconds(unbatchedAlone));
            results.Add("unbatched|flood items/s", unbatchedFlooding.ItemsPerSecond);
            Report("busy: quiet tenant alone", busyAlone);
            Report($"busy: quiet tenant beside another tenant's flood (c={options.Flood}: {busyFlooding.ItemsPerSecond:F0} items/s, {busyFlooding.Errors} refused)", busyBeside);
            Report($"busy: quiet tenant beside the same flood under its own key (c={options.Flood}: {busySharedFlood.ItemsPerSecond:F0} items/s, {busySharedFlood.Errors} refused)", busyShared);
            Report($"busy: quiet tenant beside another tenant's flood, executors shared (isolate_tenants false; c={options.Flood}: {busyUnisolatedFlood.ItemsPerSecond:F0} items/s)", busyUnisolated);
            Report($"busy: the flood alone (c={options.Flood})", busyFloodAlone);
            results.Add("busy|alone p50 ms", Milliseconds(busyAlone));
            results.Add("busy|beside p50 ms", Milliseconds(busyBeside));
            results.Add("busy|shared p50 ms", Milliseconds(busyShared));
            results.Add("busy|unisolated p50 ms", Milliseconds(busyUnisolated));
            results.Add("busy|beside of alone", Milliseconds(busyBeside) / Milliseconds(busyAlone));
            results.Add("busy|shared of alone", Milliseconds(busyShared) / Milliseconds(busyAlone));
            results.Add("busy|unisolated of alone", Milliseconds(busyUnisolated) / Milliseconds(busyAlone));
            results.Add("busy|flood items/s", busyFlooding.ItemsPerSecond);
            results.Add("busy|unisolated flood items/s", busyUnisolatedFlood.ItemsPerSecond);
            results.Add("busy|flood alone items/s", busyFloodAlone.ItemsPerSecond);
            results.Add("busy|flood of alone", busyFlooding.ItemsPerSecond / busyFloodAlone.ItemsPerSecond);
            results.Add("busy|unisolated flood of alone", busyUnisolatedFlood.ItemsPerSecond / busyFloodAlone.ItemsPerSecond);
            results.Add("busy|errors", busyAlone.Errors + busyBeside.Errors + busyUnisolated.Errors + busyFlooding.Errors + busyUnisolatedFlood.Errors + busyFloodAlone.Errors + unbatchedAlone.Errors + unbatchedBeside.Errors + unbatchedFlooding.Errors);
        }

        if (!options.FairnessOnly)
        {
            ReportCostAndCls(results, options);
        }

        if (options.CostOnly)
        {
            return results.Median("1|errors") == 0 && results.Median("32|errors") == 0 ? 0 : 1;
        }

        Console.WriteLine();
        Console.WriteLine(Invariant($"| quiet tenant at c=1 on '{Busy}' ({BusyMatMuls} products of [1,{BusyWidth}] x [{BusyWidth},{BusyWidth}] per item) | p50 | of alone | flood items/s (of the flood alone) |"));
        Console.WriteLine("|---|---|---|---|");
        Console.WriteLine(Invariant($"| alone | {results.Median("busy|alone p50 ms"):F2} ms | 1.00 | |"));
        Console.WriteLine(Invariant($"| beside another tenant's flood at c={options.Flood} | {results.Median("busy|beside p50 ms"):F2} ms | {results.Median("busy|beside of alone"):F2} | {results.Median("busy|flood items/s"):F0} ({results.Median("busy|flood of alone"):F2}) |"));
        Console.WriteLine(Invariant($"| beside it, executors shared (isolate_tenants false) | {results.Median("busy|unisolated p50 ms"):F2} ms | {results.Median("busy|unisolated of alone"):F2} | {results.Median("busy|unisolated flood items/s"):F0} ({results.Median("busy|unisolated flood of alone"):F2}) |"));
        Console.WriteLine(Invariant($"| beside the same flood under its own key | {results.Median("busy|shared p50 ms"):F2} ms | {results.Median("busy|shared of alone"):F2} | |"));
        Console.WriteLine(Invariant($"| (the flood alone) | | | {results.Median("busy|flood alone items/s"):F0} |"));
        Console.WriteLine(Invariant($"| '{BusyUnbatched}' (no dynamic_batching): alone | {results.Median("unbatched|alone p50 ms"):F2} ms | 1.00 | |"));
        Console.WriteLine(Invariant($"| '{BusyUnbatched}': beside another tenant's flood | {results.Median("unbatched|beside p50 ms"):F2} ms | {results.Median("unbatched|beside of alone"):F2} | {results.Median("unbatched|flood items/s"):F0} |"));
        Console.WriteLine(Invariant($"| '{BusyUnbatched}': beside the same flood under its own key | {results.Median("unbatched|shared p50 ms"):F2} ms | {results.Median("unbatched|shared of alone"):F2} | |"));
        return results.Median("busy|errors") == 0 && (options.FairnessOnly || (results.Median("1|errors") == 0 && results.Median("32|errors") == 0 && results.Median("quiet|errors") == 0)) ? 0 : 1;
    }

    private static void ReportCostAndCls(RoundResults results, TenancyOptions options)
    {
        var cores = Environment.ProcessorCount;
        Console.WriteLine();
        var silos = options.CostOnly ? "one silo process (anonymous calls against a tenant's key)" : "silo processes (one open, one requiring keys)";
        Console.WriteLine(Invariant($"ppocr-cls x [1,3,48,192] over HTTP binary from hey (a separate process) to {silos}, {cores} cores, median of {options.Rounds} round(s) of {options.Seconds} s in ABBA order"));
        Console.WriteLine("| concurrency | without auth items/s | with key, quotas, metering items/s | ratio | p50 without | p50 with | p50 added | mean latency added (c / rate) | silo CPU per request without / with | added | errors |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var c in new[] { 1, 32 })
        {
            Console.WriteLine(Invariant(
                $"| {c} | {results.Median($"{c}|off|items/s"):F0} | {results.Median($"{c}|on|items/s"):F0} | {results.Median($"{c}|ratio"):F3} | {results.Median($"{c}|off|p50 ms"):F2} ms | {results.Median($"{c}|on|p50 ms"):F2} ms | {results.Median($"{c}|p50 added us"):F0} µs | {results.Median($"{c}|mean added us"):F0} µs | {results.Median($"{c}|off|cpu us"):F0} / {results.Median($"{c}|on|cpu us"):F0} µs | {results.Median($"{c}|cpu added us"):F0} µs | {results.Median($"{c}|errors"):F0} |"));
        }

        if (options.CostOnly)
        {
            return;
        }

        Console.WriteLine();
        Console.WriteLine(Invariant($"| quiet tenant at c=1 | p50 | of alone |"));
        Console.WriteLine("|---|---|---|");
        Console.WriteLine(Invariant($"| alone | {results.Median("quiet|alone p50 ms"):F2} ms | 1.00 |"));
        Console.WriteLine(Invariant($"| beside another tenant's flood at c={options.Flood} | {results.Median("quiet|beside p50 ms"):F2} ms | {results.Median("quiet|beside of alone"):F2} |"));
        Console.WriteLine(Invariant($"| beside the same flood under its own key | {results.Median("quiet|shared p50 ms"):F2} ms | {results.Median("quiet|shared of alone"):F2} |"));
        Console.WriteLine(Invariant($"| beside another tenant's flood held to max_concurrency {CappedConcurrency} ({results.Median("quiet|held flood items/s"):F0} items/s served to it) | {results.Median("quiet|held p50 ms"):F2} ms | {results.Median("quiet|held of alone"):F2} |"));
    }

    private static Task<SiloProcess> StartAsync(string repository, string data, string clusterId, string[] arguments, CancellationToken cancellationToken) =>
        SiloProcess.StartAsync(
            new SiloProcessOptions
            {
                DataDirectory = data,
                ModelRepository = repository,
                ClusterId = clusterId,
                // Console logging costs the cores being measured; warnings still say what went wrong.
                ExtraArguments = ["--Logging:LogLevel:Default=Warning", .. arguments],
            },
            cancellationToken);

    /// <summary>Creates a tenant entitled to every model (<paramref name="quotas"/> null: unlimited) and returns a new key of it.</summary>
    private static async Task<string> TenantKeyAsync(HttpClient admin, string id, object? quotas, CancellationToken cancellationToken)
    {
        using var created = await admin.PostAsJsonAsync("admin/tenants", new { id, name = id, models = new[] { "*" }, quotas }, OmitNulls, cancellationToken);
        created.EnsureSuccessStatusCode();
        using var key = await admin.PostAsync($"admin/tenants/{id}/keys", null, cancellationToken);
        key.EnsureSuccessStatusCode();
        using var document = JsonDocument.Parse(await key.Content.ReadAsStringAsync(cancellationToken));
        return document.RootElement.GetProperty("key").GetString()!;
    }

    /// <summary>One run, and the silo's CPU time per request answered during it, in microseconds.</summary>
    private static async Task<(LoadRun Run, double CpuMicroseconds)> MeasuredAsync(HeyLoadTool tool, SiloProcess silo, int concurrency, TimeSpan window, CancellationToken cancellationToken)
    {
        var before = ProcessCpuTime.Of(silo.ProcessId);
        var run = await tool.RunAsync(silo.BaseAddress, BenchRepository.Cls, concurrency, window, cancellationToken);
        var cpu = ProcessCpuTime.Of(silo.ProcessId) - before;
        return (run, cpu.TotalMicroseconds / Math.Max(1, run.ItemsPerSecond * run.Wall.TotalSeconds));
    }

    /// <summary>The quiet load at c=1 while the flood runs, both for the same window.</summary>
    private static async Task<(LoadRun Quiet, LoadRun Flood)> BesideAsync(HeyLoadTool quiet, HeyLoadTool flood, Uri silo, int concurrency, TimeSpan window, CancellationToken cancellationToken, string model = BenchRepository.Cls)
    {
        var flooding = flood.RunAsync(silo, model, concurrency, window, cancellationToken);
        var quietRun = await quiet.RunAsync(silo, model, 1, window, cancellationToken);
        return (quietRun, await flooding);
    }

    /// <summary>Writes <see cref="Busy"/> (batched like ppocr-cls: up to 8, two executors) and <see cref="BusyShared"/> into the repository and one request of them as a body file.</summary>
    private static async Task<(string File, int HeaderLength)> WriteBusyModelAsync(ClsLoadSetup setup, CancellationToken cancellationToken)
    {
        var model = TestOnnxModels.Busy(BusyWidth, BusyMatMuls).Build();
        foreach (var (name, batching) in new[] { (Busy, """, "dynamic_batching": {}"""), (BusyShared, """, "dynamic_batching": {"isolate_tenants": false}"""), (BusyUnbatched, "") })
        {
            var version = Directory.CreateDirectory(Path.Combine(setup.Repository, name, "1"));
            await File.WriteAllBytesAsync(Path.Combine(version.FullName, "model.onnx"), model, cancellationToken);
            await File.WriteAllTextAsync(
                Path.Combine(setup.Repository, name, "config.json"),
                $$$"""{"name": "{{{name}}}", "max_batch_size": 8, "executors": 2{{{batching}}}}""",
                cancellationToken);
        }

        var body = OipRequestBody.Binary(new InferenceRequest { Inputs = [Tensor.Create<float>("x", [1, BusyWidth], Enumerable.Repeat(1f, BusyWidth).ToArray())] });
        var file = Path.Combine(setup.Data, "busy.bin");
        await File.WriteAllBytesAsync(file, body.Content, cancellationToken);
        return (file, body.HeaderLength!.Value);
    }

    private static double Milliseconds(LoadRun run) => run.P50?.TotalMilliseconds ?? double.NaN;

    private static void Report(string what, LoadRun run) =>
        Console.WriteLine(Invariant($"  {what}: {run.ItemsPerSecond:F0} items/s, p50 {Milliseconds(run):F2} ms{(run.Errors == 0 ? "" : $", {run.Errors} errors")}"));

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
