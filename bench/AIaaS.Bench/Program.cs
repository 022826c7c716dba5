using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Sockets;
using AIaaS.Bench;
using AIaaS.Client;
using AIaaS.Http.Hosting;
using AIaaS.Inference.Execution;
using AIaaS.Tensors;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

// Usage: dotnet run -c Release --project bench/AIaaS.Bench -- [--models DIR] [--seconds 5] [--concurrency 32] [--rounds 2]
// Measures, in interleaved rounds of one run, the raw ONNX Runtime ceiling on ppocr-cls next to
// every serving path with batching on and off, and a naive per-request endpoint; prints ratios.
var options = ParseArgs(args);
var source = Path.Combine(options.Models, "ppocr-cls");
var repository = Directory.CreateTempSubdirectory("aiaas-bench-repo-").FullName;
var data = Directory.CreateTempSubdirectory("aiaas-bench-data-").FullName;
PrepareRepository(source, repository);

using var raw = RawOrt.Load(Path.Combine(source, "1", "model.onnx"));
var ports = FreePorts(5);
await using var silo = await StartSiloAsync(repository, data, ports[0], ports[1], ports[2]);
await using var naive = await StartNaiveAsync(raw, ports[3]);
using var client = await StartClientAsync(ports[2]);
var sdk = client.Services.GetRequiredService<IInferenceClient>();
using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{ports[0]}/") };
using var naiveHttp = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{ports[3]}/") };
var json = Workload.JsonBody();
var (binary, headerLength) = Workload.BinaryBody();
var input = Workload.ClsInput(1);

var duration = TimeSpan.FromSeconds(options.Seconds);
var c = options.Concurrency;
var paths = new (string Name, Func<Task> Call)[]
{
    ("orleans, batching on", () => sdk.InferAsync("ppocr-cls", [input])),
    ("orleans, batching off", () => sdk.InferAsync("ppocr-cls-nobatch", [input])),
    ("http-json, batching on", () => PostAsync(http, "v2/models/ppocr-cls/infer", json, null)),
    ("http-json, batching off", () => PostAsync(http, "v2/models/ppocr-cls-nobatch/infer", json, null)),
    ("http-binary, batching on", () => PostAsync(http, "v2/models/ppocr-cls/infer", binary, headerLength)),
    ("http-binary, batching off", () => PostAsync(http, "v2/models/ppocr-cls-nobatch/infer", binary, headerLength)),
    ("naive endpoint (ORT per request)", () => PostAsync(naiveHttp, "infer", json, null)),
};

var results = new Dictionary<string, List<double>>();
for (var round = 1; round <= options.Rounds; round++)
{
    Console.WriteLine($"round {round}/{options.Rounds}");
    var batch1 = RawOrt.ItemsPerSecond(raw, 1, duration / 2);
    var best = new[] { 8, 16, 32 }.Select(b => (Batch: b, Rate: RawOrt.ItemsPerSecond(raw, b, duration / 2))).MaxBy(r => r.Rate);
    Add("raw ORT batch 1", batch1);
    Add($"raw ORT best batch", best.Rate);
    Console.WriteLine($"  raw ORT: batch 1 {batch1:F0} items/s, best batch {best.Batch} {best.Rate:F0} items/s");
    foreach (var (name, call) in paths)
    {
        var rate = await ClosedLoop.ItemsPerSecondAsync(c, duration, 1, call);
        Add(name, rate);
        Console.WriteLine($"  {name} @ concurrency {c}: {rate:F0} items/s = {rate / best.Rate:F2} of raw best");
    }
}

Console.WriteLine();
Console.WriteLine($"median over {options.Rounds} round(s), ppocr-cls, concurrency {c}, {Environment.ProcessorCount} cores");
var ceiling = Median("raw ORT best batch");
var rawGain = ceiling / Median("raw ORT batch 1");
Console.WriteLine($"| path | items/s | of raw best batch |");
Console.WriteLine($"|---|---|---|");
foreach (var name in results.Keys)
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {Median(name):F0} | {Median(name) / ceiling:F2} |"));
}

Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"raw batching gain (best / batch 1): {rawGain:F2}"));
foreach (var path in new[] { "orleans", "http-json", "http-binary" })
{
    var gain = Median($"{path}, batching on") / Median($"{path}, batching off");
    var naiveGain = Median($"{path}, batching on") / Median("naive endpoint (ORT per request)");
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{path}: batching on/off {gain:F2} ({gain / rawGain:F2} of raw gain); vs naive {naiveGain:F2} ({naiveGain / rawGain:F2} of raw gain)"));
}

await client.StopAsync();
await naive.StopAsync();
await silo.StopAsync();
Directory.Delete(repository, recursive: true);
Directory.Delete(data, recursive: true);
return 0;

void Add(string name, double value)
{
    if (!results.TryGetValue(name, out var list))
    {
        results[name] = list = [];
    }

    list.Add(value);
}

double Median(string name)
{
    var sorted = results[name].Order().ToArray();
    return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
}

static async Task PostAsync(HttpClient http, string path, byte[] body, int? headerLength)
{
    using var content = new ByteArrayContent(body);
    content.Headers.ContentType = new MediaTypeHeaderValue(headerLength is null ? "application/json" : "application/octet-stream");
    if (headerLength is { } length)
    {
        content.Headers.Add("Inference-Header-Content-Length", length.ToString(CultureInfo.InvariantCulture));
    }

    using var response = await http.PostAsync(path, content);
    response.EnsureSuccessStatusCode();
    await response.Content.ReadAsByteArrayAsync();
}

static void PrepareRepository(string source, string repository)
{
    foreach (var (name, config) in new[]
    {
        ("ppocr-cls", File.ReadAllText(Path.Combine(source, "config.json"))),
        ("ppocr-cls-nobatch", """{"name": "ppocr-cls-nobatch", "max_batch_size": 32}"""),
    })
    {
        Directory.CreateDirectory(Path.Combine(repository, name, "1"));
        File.WriteAllText(Path.Combine(repository, name, "config.json"), config);
        File.Copy(Path.Combine(source, "1", "model.onnx"), Path.Combine(repository, name, "1", "model.onnx"));
    }
}

static async Task<WebApplication> StartSiloAsync(string repository, string data, int httpPort, int siloPort, int gatewayPort)
{
    var builder = WebApplication.CreateBuilder(
    [
        "--urls", $"http://127.0.0.1:{httpPort}",
        $"--AIaaS:ModelRepository={repository}",
        $"--AIaaS:DataDirectory={data}",
        $"--AIaaS:SiloPort={siloPort}",
        $"--AIaaS:GatewayPort={gatewayPort}",
        "--Logging:LogLevel:Default=Warning",
    ]);
    builder.AddAIaaSSilo();
    var app = builder.Build();
    app.MapAIaaS();
    await app.StartAsync();
    using var http = new HttpClient();
    for (var i = 0; i < 600; i++)
    {
        using var ready = await http.GetAsync(new Uri($"http://127.0.0.1:{httpPort}/v2/health/ready"));
        if (ready.IsSuccessStatusCode)
        {
            return app;
        }

        await Task.Delay(100);
    }

    throw new InvalidOperationException("the silo did not become ready in 60 s");
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

static async Task<IHost> StartClientAsync(int gatewayPort)
{
    var builder = Host.CreateApplicationBuilder(["--Logging:LogLevel:Default=Warning"]);
    builder.Services.AddAIaaSClient(o => o.GatewayPort = gatewayPort);
    var host = builder.Build();
    await host.StartAsync();
    return host;
}

static int[] FreePorts(int count)
{
    var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(System.Net.IPAddress.Loopback, 0)).ToArray();
    foreach (var listener in listeners)
    {
        listener.Start();
    }

    var ports = listeners.Select(l => ((System.Net.IPEndPoint)l.LocalEndpoint).Port).ToArray();
    foreach (var listener in listeners)
    {
        listener.Stop();
    }

    return ports;
}

static BenchOptions ParseArgs(string[] args)
{
    var options = new BenchOptions();
    for (var i = 0; i + 1 < args.Length; i += 2)
    {
        options = args[i] switch
        {
            "--models" => options with { Models = args[i + 1] },
            "--seconds" => options with { Seconds = int.Parse(args[i + 1], CultureInfo.InvariantCulture) },
            "--concurrency" => options with { Concurrency = int.Parse(args[i + 1], CultureInfo.InvariantCulture) },
            "--rounds" => options with { Rounds = int.Parse(args[i + 1], CultureInfo.InvariantCulture) },
            _ => throw new ArgumentException($"unknown option {args[i]}"),
        };
    }

    return options;
}

internal sealed record BenchOptions
{
    public string Models { get; init; } = "models";

    public int Seconds { get; init; } = 5;

    public int Concurrency { get; init; } = 32;

    public int Rounds { get; init; } = 2;
}

internal sealed record NaiveRequest(NaiveInput[] Inputs);

internal sealed record NaiveInput(string Name, long[] Shape, string Datatype, float[] Data);
