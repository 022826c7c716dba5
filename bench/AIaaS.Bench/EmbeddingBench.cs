using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using AIaaS.Cli.Bench;
using AIaaS.Cli.Remote;
using AIaaS.Client;
using AIaaS.Embeddings;
using AIaaS.Inference.Execution;
using AIaaS.Inference.Processors;
using AIaaS.Repository;
using AIaaS.Models;
using AIaaS.Tensors;
using AIaaS.Testing;
using AIaaS.Testing.Embeddings;
using AIaaS.Testing.Ocr;
using Microsoft.Extensions.Logging.Abstractions;

namespace AIaaS.Bench;

/// <summary>
/// The <c>text-embedding</c> pipeline through the server (<c>POST /v1/embeddings</c> and the SDK's
/// <c>EmbedAsync</c>) against the same steps chained in-process (the same tokenizer, ONNX Runtime
/// session and pooling, no server, one text per run), one sentence of mixed length per call, at
/// concurrency 1 and 32, in interleaved rounds; and the same pipeline over two MiniLM copies: one
/// padding every batch to its longest text, as Triton's ragged batching does (<c>max_padding_ratio</c>
/// 0), and one without batching (no <c>dynamic_batching</c>, so each text runs alone).
/// The silo runs as a separate process; the chain and the callers run in this one.
/// </summary>
internal static class EmbeddingBench
{
    private const string Unbatched = "text-embedding-unbatched";
    private const string Unbounded = "text-embedding-unbounded";
    private static readonly int[] Concurrencies = [1, 32];

    public static async Task<int> RunAsync(string[] args)
    {
        var seconds = BenchArguments.Int(args, "--seconds", 10);
        var rounds = BenchArguments.Int(args, "--rounds", 2);
        var minilm = EmbeddingRepository.MiniLmConfig();
        var catalogRatio = minilm.DynamicBatching!.MaxPaddingRatio;
        var ratio = BenchArguments.Double(args, "--max-padding-ratio", catalogRatio);
        using var repository = new TemporaryDirectory("aiaas-bench-embedding-repo");
        using var data = new TemporaryDirectory("aiaas-bench-embedding-data");
        EmbeddingRepository.Prepare(repository.Path);
        if (ratio != catalogRatio)
        {
            ModelConfigJson.Write(Path.Combine(repository.Path, minilm.Name, ModelConfigJson.FileName),
                minilm with { DynamicBatching = minilm.DynamicBatching with { MaxPaddingRatio = ratio } }, overwrite: true);
        }

        PrepareVariant(repository.Path, Unbatched, minilm with
        {
            DynamicBatching = null,
            Input = [.. minilm.Input!.Select(i => i with { AllowRaggedBatch = false })],
            Output = [.. minilm.Output!.Select(o => o with { AllowRaggedBatch = false })],
        });
        PrepareVariant(repository.Path, Unbounded, minilm with { DynamicBatching = minilm.DynamicBatching with { MaxPaddingRatio = 0 } });
        var sentences = Sentences();
        using var chain = InProcessChain.Create(repository.Path);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{sentences.Length} sentences of {sentences.Min(s => s.Split(' ').Length)} to {sentences.Max(s => s.Split(' ').Length)} words; in-process width {chain.Run(sentences[0]).Length}"));

        // The server in its own process, as users run it: this process is only its load generator.
        await using var silo = await SiloProcess.StartAsync(new SiloProcessOptions
        {
            DataDirectory = data.Path,
            ModelRepository = repository.Path,
            ExtraArguments = ["--Logging:LogLevel:Default=Warning"],
        });
        Console.WriteLine($"silo process {silo.ProcessId}: {silo.BaseAddress}, gateway {silo.GatewayPort}");
        using var http = new HttpClient { BaseAddress = silo.BaseAddress };
        await WaitUntilReadyAsync(http, EmbeddingPipeline.Name);
        await WaitUntilReadyAsync(http, Unbatched);
        await WaitUntilReadyAsync(http, Unbounded);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ragged batching with max_padding_ratio {ratio} (the catalog's: {catalogRatio})"));
        await using var sdk = await SdkConnection.StartAsync(o => o.GatewayPort = silo.GatewayPort, CancellationToken.None);

        var next = 0;
        string Sentence() => sentences[(int)((uint)Interlocked.Increment(ref next) % sentences.Length)];
        var paths = new (string Name, Func<CancellationToken, Task> Call)[]
        {
            ("in-process chain (ORT, no server)", _ => Task.Run(() => chain.Run(Sentence()))),
            ("HTTP /v1/embeddings (ragged)", ct => PostAsync(http, EmbeddingPipeline.Name, Sentence(), ct)),
            ("SDK EmbedAsync (ragged)", ct => sdk.Client.EmbedAsync([Sentence()], cancellationToken: ct)),
            ("HTTP /v1/embeddings (padded to longest)", ct => PostAsync(http, Unbounded, Sentence(), ct)),
            ("HTTP /v1/embeddings (no batching)", ct => PostAsync(http, Unbatched, Sentence(), ct)),
        };

        var results = new Dictionary<(string, int), List<ClosedLoopResult>>();
        for (var round = 1; round <= rounds; round++)
        {
            foreach (var c in Concurrencies)
            {
                foreach (var (name, call) in paths)
                {
                    var result = await ClosedLoop.RunAsync(
                        new ClosedLoopOptions { Concurrency = c, Warmup = TimeSpan.FromSeconds(2), Duration = TimeSpan.FromSeconds(seconds) }, call);
                    if (result.Errors > 0)
                    {
                        Console.WriteLine($"{name} c={c}: {result.Errors} error(s), first: {result.FirstError?.Message}");
                    }

                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"round {round} c={c,-2} {name,-40} {result.PerSecond(),8:F1} embeddings/s  p50 {result.Latency.P50 / 1000,8:F2} ms  p99 {result.Latency.P99 / 1000,8:F2} ms"));
                    (results.TryGetValue((name, c), out var list) ? list : results[(name, c)] = []).Add(result);
                }
            }
        }

        Console.WriteLine();
        Console.WriteLine("medians over rounds (ratio: embeddings/s against the in-process chain)");
        foreach (var c in Concurrencies)
        {
            var basePerSecond = RoundResults.MedianOf(results[(paths[0].Name, c)].Select(r => r.PerSecond()));
            foreach (var (name, _) in paths)
            {
                var perSecond = RoundResults.MedianOf(results[(name, c)].Select(r => r.PerSecond()));
                var p50 = RoundResults.MedianOf(results[(name, c)].Select(r => r.Latency.P50));
                var p99 = RoundResults.MedianOf(results[(name, c)].Select(r => r.Latency.P99));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"c={c,-2} {name,-40} {perSecond,8:F1} embeddings/s  ratio {perSecond / basePerSecond,5:F2}  p50 {p50 / 1000,8:F2} ms  p99 {p99 / 1000,8:F2} ms"));
            }
        }

        return 0;
    }

    /// <summary>A copy of MiniLM under <paramref name="config"/> (renamed after the pipeline) and a copy of the pipeline over it.</summary>
    private static void PrepareVariant(string repository, string pipelineName, ModelConfig config)
    {
        var copy = config with { Name = "minilm" + pipelineName["text-embedding".Length..] };
        Directory.CreateDirectory(Path.Combine(repository, copy.Name, "1"));
        File.Copy(Path.Combine(repository, "minilm", "1", "model.onnx"), Path.Combine(repository, copy.Name, "1", "model.onnx"));
        ModelConfigJson.Write(Path.Combine(repository, copy.Name, ModelConfigJson.FileName), copy, overwrite: true);
        var pipeline = EmbeddingRepository.CatalogConfigs().Single(c => c.Name == EmbeddingPipeline.Name);
        OcrRepository.Write(repository, pipeline with
        {
            Name = pipelineName,
            EnsembleScheduling = new EnsembleSchedulingConfig
            {
                Step = [.. pipeline.EnsembleScheduling!.Step.Select(s => s.ModelName == "minilm" ? s with { ModelName = copy.Name } : s)],
            },
        });
    }

    /// <summary>64 sentences of 4 to 60 words (seeded), so lengths differ from call to call.</summary>
    private static string[] Sentences()
    {
        string[] words = ["the", "model", "serves", "requests", "from", "many", "tenants", "while", "grains", "batch", "texts", "of",
            "different", "lengths", "into", "one", "run", "on", "two", "cores", "and", "a", "guitar", "plays", "quietly", "tonight"];
        var random = new Random(16);
        return [.. Enumerable.Range(0, 64).Select(_ => string.Join(' ', Enumerable.Range(0, random.Next(4, 61)).Select(_ => words[random.Next(words.Length)])))];
    }

    private static async Task PostAsync(HttpClient http, string model, string text, CancellationToken cancellationToken)
    {
        using var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(new { model, input = text }));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await http.PostAsync(new Uri("v1/embeddings", UriKind.Relative), content, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
        }

        await response.Content.ReadAsByteArrayAsync(cancellationToken);
    }

    private static async Task WaitUntilReadyAsync(HttpClient client, string model)
    {
        for (var i = 0; i < 600; i++)
        {
            using var ready = await client.GetAsync(new Uri($"v2/models/{model}/ready", UriKind.Relative));
            if (ready.IsSuccessStatusCode)
            {
                return;
            }

            await Task.Delay(100);
        }

        throw new InvalidOperationException($"pipeline '{model}' did not become ready in 60 s");
    }



    /// <summary>Tokenizer, MiniLM and pooling on the calling thread, one text per run: the baseline.</summary>
    private sealed class InProcessChain : IDisposable
    {
        private readonly IProcessor tokenizer;
        private readonly OnnxModel model;
        private readonly IProcessor pool;

        private InProcessChain(IProcessor tokenizer, OnnxModel model, IProcessor pool) => (this.tokenizer, this.model, this.pool) = (tokenizer, model, pool);

        public static InProcessChain Create(string repository)
        {
            var files = new ProcessorFiles(repository);
            var configs = EmbeddingRepository.CatalogConfigs().ToDictionary(c => c.Name);
            // As a silo's sessions: no spinning threads (AIaaS:Onnx:AllowSpinning defaults to false).
            var onnx = new OnnxModelOptions { PreferCuda = false, AllowSpinning = false };
            return new InProcessChain(
                ProcessorFactory.Create(configs["text-tokenize"], files),
                OnnxModel.Load(Path.Combine(repository, "minilm", "1", "model.onnx"), onnx, NullLogger.Instance),
                ProcessorFactory.Create(configs["text-pool"], files));
        }

        public float[] Run(string text)
        {
            var tokens = tokenizer.Process(new ProcessorInputs([EmbeddingPipeline.TextTensor([text])]));
            var hidden = model.Run(tokens.Take(3).ToArray(), ["last_hidden_state"])[0];
            var pooled = pool.Process(new ProcessorInputs([hidden, tokens[1]]))[0];
            return pooled.ToArray<float>();
        }

        public void Dispose() => model.Dispose();
    }
}
