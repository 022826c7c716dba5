using System.Globalization;
using AIaaS.Bench.External;
using AIaaS.Cli.Bench;
using AIaaS.Cli.Remote;
using AIaaS.Client;
using AIaaS.Inference.Execution;
using AIaaS.Inference.Processors;
using AIaaS.Models;
using AIaaS.Ocr;
using AIaaS.Tensors;
using AIaaS.Testing;
using AIaaS.Testing.Ocr;
using Microsoft.Extensions.Logging.Abstractions;

namespace AIaaS.Bench;

/// <summary>
/// The <c>ocr</c> pipeline through the server (<c>POST /v1/ocr</c> and the SDK's <c>OcrAsync</c>)
/// against the same steps chained in-process (the same processors and ONNX Runtime sessions, no
/// server), on fixed rendered pages at concurrency 1 and 16, in interleaved rounds. The silo runs
/// as a separate process; the chain and the callers run in this one.
/// </summary>
internal static class OcrBench
{
    private static readonly int[] Concurrencies = [1, 16];

    public static async Task<int> RunAsync(string[] args)
    {
        var seconds = BenchArguments.Int(args, "--seconds", 10);
        var rounds = BenchArguments.Int(args, "--rounds", 2);
        using var repository = new TemporaryDirectory("aiaas-bench-ocr-repo");
        using var data = new TemporaryDirectory("aiaas-bench-ocr-data");
        var pipeline = OcrRepository.Prepare(repository.Path);
        var pages = Pages();
        using var chain = InProcessChain.Create(repository.Path, pipeline);
        foreach (var page in pages)
        {
            Console.WriteLine($"page: {chain.Run(page).Count} line(s) in-process");
        }

        // The server in its own process, as users run it: this process is only its load generator.
        await using var silo = await SiloProcess.StartAsync(new SiloProcessOptions
        {
            DataDirectory = data.Path,
            ModelRepository = repository.Path,
            ExtraArguments = ["--Logging:LogLevel:Default=Warning"],
        });
        Console.WriteLine($"silo process {silo.ProcessId}: {silo.BaseAddress}, gateway {silo.GatewayPort}");
        using var http = new OipHttpClient(silo.BaseAddress);
        await WaitUntilReadyAsync(http.BaseUrl);
        await using var sdk = await SdkConnection.StartAsync(o => o.GatewayPort = silo.GatewayPort, CancellationToken.None);
        var siloCpu = ProcessCpuTime.Of(silo.ProcessId);
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var next = 0;
        byte[] Page() => pages[(int)((uint)Interlocked.Increment(ref next) % pages.Length)];
        var paths = new (string Name, Func<CancellationToken, Task> Call)[]
        {
            ("in-process chain (ORT, no server)", _ => Task.Run(() => chain.Run(Page()))),
            ("HTTP POST /v1/ocr", ct => http.OcrAsync(Page(), ct)),
            ("SDK OcrAsync", async ct =>
            {
                using var stream = new MemoryStream(Page(), writable: false);
                await sdk.Client.OcrAsync(stream, ct);
            }),
        };

        var results = new Dictionary<(string, int), List<ClosedLoopResult>>();
        for (var round = 1; round <= rounds; round++)
        {
            foreach (var c in Concurrencies)
            {
                foreach (var (name, call) in paths)
                {
                    var served = name != paths[0].Name;
                    var before = served ? await StepCountersAsync(http, pipeline) : null;
                    var result = await ClosedLoop.RunAsync(
                        new ClosedLoopOptions { Concurrency = c, Warmup = TimeSpan.FromSeconds(2), Duration = TimeSpan.FromSeconds(seconds) }, call);
                    if (before is not null)
                    {
                        // Where a served page's time went, step by step (the window includes the warm-up).
                        foreach (var (step, after) in await StepCountersAsync(http, pipeline))
                        {
                            Console.WriteLine($"    {step,-14} {ServerCounters.DescribeStatistics(before[step], after, TimeSpan.FromSeconds(seconds + 2))}");
                        }
                    }

                    if (result.Errors > 0)
                    {
                        Console.WriteLine($"{name} c={c}: {result.Errors} error(s), first: {result.FirstError?.Message}");
                    }

                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"round {round} c={c,-2} {name,-36} {result.PerSecond(),7:F2} pages/s  p50 {result.Latency.P50 / 1000,8:F2} ms  p99 {result.Latency.P99 / 1000,8:F2} ms"));
                    (results.TryGetValue((name, c), out var list) ? list : results[(name, c)] = []).Add(result);
                }
            }
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"silo process CPU over all rounds: {(ProcessCpuTime.Of(silo.ProcessId) - siloCpu) / clock.Elapsed:F2} cores"));
        Console.WriteLine();
        Console.WriteLine("medians over rounds (ratio: pages/s against the in-process chain; added: p50 minus the chain's p50)");
        foreach (var c in Concurrencies)
        {
            var baseline = results[(paths[0].Name, c)];
            var basePerSecond = RoundResults.MedianOf(baseline.Select(r => r.PerSecond()));
            var baseP50 = RoundResults.MedianOf(baseline.Select(r => r.Latency.P50));
            foreach (var (name, _) in paths)
            {
                var perSecond = RoundResults.MedianOf(results[(name, c)].Select(r => r.PerSecond()));
                var p50 = RoundResults.MedianOf(results[(name, c)].Select(r => r.Latency.P50));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"c={c,-2} {name,-36} {perSecond,7:F2} pages/s  ratio {perSecond / basePerSecond,5:F2}  p50 {p50 / 1000,8:F2} ms  added {(p50 - baseP50) / 1000,7:F2} ms"));
            }
        }

        return 0;
    }

    /// <summary>Four pages of three to five lines, English and Chinese, one upside down.</summary>
    private static byte[][] Pages() =>
    [
        TestPage.Render(800, 400, 0,
            ("Invoice number 4711", 40, 80, TestPage.SerifFamily),
            ("Total due: 128.50 EUR", 40, 180, TestPage.SerifFamily),
            ("Thank you", 420, 300, TestPage.SerifFamily)).Png,
        TestPage.Render(800, 560, 0,
            ("识别中文文本", 40, 80, TestPage.ChineseFamily),
            ("今天天气很好", 40, 180, TestPage.ChineseFamily),
            ("北京欢迎你", 300, 280, TestPage.ChineseFamily),
            ("Order 2026-12-04", 40, 380, TestPage.SerifFamily),
            ("Page 2 of 4", 40, 480, TestPage.SerifFamily)).Png,
        TestPage.Render(800, 400, 180,
            ("Invoice number 4711", 40, 80, TestPage.SerifFamily),
            ("Total due: 128.50 EUR", 40, 180, TestPage.SerifFamily),
            ("识别中文文本", 40, 300, TestPage.ChineseFamily)).Png,
        TestPage.Render(960, 480, 0,
            ("Shipping address", 40, 80, TestPage.SerifFamily),
            ("Hauptstrasse 12", 40, 180, TestPage.SerifFamily),
            ("10115 Berlin", 40, 280, TestPage.SerifFamily),
            ("北京欢迎你", 40, 380, TestPage.ChineseFamily)).Png,
    ];

    /// <summary>Each step model's statistics, in step order.</summary>
    private static async Task<Dictionary<string, ServerCounters>> StepCountersAsync(OipHttpClient http, ModelConfig pipeline)
    {
        var counters = new Dictionary<string, ServerCounters>(StringComparer.Ordinal);
        foreach (var step in pipeline.EnsembleScheduling!.Step.Select(s => s.ModelName).Distinct())
        {
            counters[step] = await ServerCounters.ReadAsync(new ServerStatisticsReader(http, step, null), CancellationToken.None);
        }

        return counters;
    }

    private static async Task WaitUntilReadyAsync(Uri baseUrl)
    {
        using var client = new HttpClient { BaseAddress = baseUrl };
        for (var i = 0; i < 600; i++)
        {
            using var ready = await client.GetAsync(new Uri("v2/models/ocr/ready", UriKind.Relative));
            if (ready.IsSuccessStatusCode)
            {
                return;
            }

            await Task.Delay(100);
        }

        throw new InvalidOperationException("the ocr pipeline did not become ready in 60 s");
    }



    /// <summary>
    /// The pipeline's steps in order on this thread, as the ensemble scheduler runs them but without
    /// grains, queues or batching: the baseline a server is measured against.
    /// </summary>
    private sealed class InProcessChain : IDisposable
    {
        private readonly List<(EnsembleStepConfig Step, IExecutableModel Model)> steps;

        private InProcessChain(List<(EnsembleStepConfig, IExecutableModel)> steps) => this.steps = steps;

        public static InProcessChain Create(string repository, ModelConfig pipeline)
        {
            var files = new ProcessorFiles(repository);
            // As a silo's sessions: no spinning threads (AIaaS:Onnx:AllowSpinning defaults to false).
            var onnx = new OnnxModelOptions { PreferCuda = false, AllowSpinning = false };
            var configs = OcrRepository.CatalogConfigs().ToDictionary(c => c.Name);
            var steps = new List<(EnsembleStepConfig, IExecutableModel)>();
            foreach (var step in pipeline.EnsembleScheduling!.Step)
            {
                IExecutableModel model = configs.TryGetValue(step.ModelName, out var config)
                    ? new ProcessorModel(ProcessorFactory.Create(config, files))
                    : OnnxModel.Load(Path.Combine(repository, step.ModelName, "1", "model.onnx"), onnx, NullLogger.Instance);
                steps.Add((step, model));
            }

            return new InProcessChain(steps);
        }

        public IReadOnlyList<OcrLine> Run(byte[] png)
        {
            var tensors = new Dictionary<string, TensorPayload>(StringComparer.Ordinal) { [OcrPipeline.ImageInput] = OcrPipeline.ImageTensor(png) };
            foreach (var (step, model) in steps)
            {
                var inputs = step.InputMap.Select(m => Renamed(tensors[m.Value], m.Key)).ToArray();
                // An empty page has no lines to classify or read: the pipeline skips those models too.
                if (inputs[0].Shape.Length > 0 && inputs[0].Shape[0] == 0 && model is OnnxModel)
                {
                    return [];
                }

                var outputs = model.Run(inputs, [.. step.OutputMap.Keys], out _);
                foreach (var (output, tensor) in step.OutputMap)
                {
                    tensors[tensor] = Renamed(outputs.First(o => o.Name == output), tensor);
                }
            }

            return OcrPipeline.ReadLines([tensors["text"], tensors["confidence"], tensors["boxes"]]);
        }

        public void Dispose()
        {
            foreach (var (_, model) in steps)
            {
                model.Dispose();
            }
        }

        private static TensorPayload Renamed(TensorPayload tensor, string name) => new(name, tensor.DataType, tensor.Shape, tensor.Data);
    }
}
