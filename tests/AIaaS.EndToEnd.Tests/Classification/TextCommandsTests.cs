using System.Globalization;
using System.Text.Json;
using AIaaS.Client;
using AIaaS.Errors;
using AIaaS.Testing;
using AIaaS.Testing.Embeddings;

namespace AIaaS.EndToEnd.Tests.Classification;

/// <summary>
/// <c>aiaas embed</c> and <c>aiaas classifiers</c> as processes against a silo process over a
/// repository of its own (the real MiniLM and the text-embedding pipeline): embeddings over HTTP
/// and the SDK; a classifier trained from the hand-written tickets CSV, shown, used through the CLI
/// and the SDK, and a refused name.
/// </summary>
public sealed class TextCommandsTests : IAsyncLifetime
{
    private readonly TemporaryDirectory _repository = new("aiaas-e2e-classifiers");
    private readonly TemporaryDirectory _data = new("aiaas-e2e-classifiers-data");
    private SiloProcess? _silo;

    private string Url => _silo!.BaseAddress.AbsoluteUri;

    private static string Tickets => Path.Combine(RepositoryPaths.Root, "tests", "AIaaS.Http.Tests", "Classification", "support-tickets.csv");

    public async Task InitializeAsync()
    {
        EmbeddingRepository.Prepare(_repository.Path);
        _silo = await SiloProcess.StartAsync(new SiloProcessOptions { DataDirectory = _data.Path, ModelRepository = _repository.Path });
    }

    public async Task DisposeAsync()
    {
        if (_silo is not null)
        {
            await _silo.StopAsync();
            await _silo.DisposeAsync();
        }

        _data.Dispose();
        _repository.Dispose();
    }

    [Fact(Timeout = 180_000)]
    public async Task Classifiers_TrainShowClassify_ThroughTheCli()
    {
        var train = await RunWhenPipelineReadyAsync("classifiers", "train", "tickets", Tickets, "--url", Url);
        Assert.True(train.ExitCode == 0, train.ToString());
        Assert.Contains("tickets v1 READY: 4 labels (account, billing, shipping, technical), examples from 160 examples; held-out accuracy", train.Stdout, StringComparison.Ordinal);

        var show = await CliProcess.RunAsync("classifiers", "show", "tickets", "--url", Url);
        Assert.True(show.ExitCode == 0 && show.Stdout.Contains("tickets v1 READY", StringComparison.Ordinal), show.ToString());

        var classify = await CliProcess.RunAsync("classifiers", "classify", "tickets", "The courier left my parcel at the wrong address.", "--url", Url);
        Assert.True(classify.ExitCode == 0, classify.ToString());
        Assert.StartsWith("shipping account=", classify.Stdout, StringComparison.Ordinal);

        var json = await CliProcess.RunAsync("classifiers", "classify", "tickets", "I need a refund for the duplicate charge.", "--url", Url, "--json");
        Assert.True(json.ExitCode == 0 && json.Stdout.Contains("\"category\":\"billing\"", StringComparison.Ordinal), json.ToString());

        // The SDK's ClassifyAsync reads the same classifier through the gateway: the same categories and scores as HTTP.
        await using var sdk = await SdkClient.StartAsync(o => o.GatewayPort = _silo!.GatewayPort);
        var byTheSdk = await sdk.Inference.ClassifyAsync("tickets", ["The courier left my parcel at the wrong address.", "I need a refund for the duplicate charge."]);
        Assert.Equal(["shipping", "billing"], byTheSdk.Select(c => c.Category));
        using (var overHttp = JsonDocument.Parse(json.Stdout))
        {
            foreach (var score in overHttp.RootElement.GetProperty("scores").EnumerateObject())
            {
                Assert.Equal(score.Value.GetSingle(), byTheSdk[1].Scores[score.Name], 5);
            }
        }

        Assert.Equal(InferenceErrorKind.NotFound, (await Assert.ThrowsAsync<InferenceException>(() => sdk.Inference.ClassifyAsync("no-such-classifier", "hello"))).Kind);
        var notAClassifier = await Assert.ThrowsAsync<InferenceException>(() => sdk.Inference.ClassifyAsync("minilm", "hello"));
        Assert.Equal("model 'minilm' is not a text classifier (its configuration has no 'text_classifier' block)", notAClassifier.Message);
        var tooMany = await Assert.ThrowsAsync<InferenceException>(() => sdk.Inference.ClassifyAsync("tickets", Enumerable.Repeat("hello", 65).ToArray()));
        Assert.Equal("65 texts to classify, more than the 64 one call takes", tooMany.Message);

        var refused = await CliProcess.RunAsync("classifiers", "train", "minilm", Tickets, "--url", Url);
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("answered 409: model 'minilm' exists and is not a text classifier", refused.Stderr, StringComparison.Ordinal);
    }

    [Fact(Timeout = 180_000)]
    public async Task Embed_OverHttpAndTheSdk_SameFiguresAndTheParaphraseClosest()
    {
        string[] texts = ["A man is playing a guitar.", "Someone strums a guitar.", "The stock market fell sharply today."];

        var http = await RunWhenPipelineReadyAsync(["embed", .. texts, "--url", Url]);
        var sdk = await CliProcess.RunAsync(["embed", .. texts, "--gateway-port", _silo!.GatewayPort.ToString(CultureInfo.InvariantCulture)]);

        Assert.True(http.ExitCode == 0, http.ToString());
        Assert.True(sdk.ExitCode == 0, sdk.ToString());
        Assert.Equal(http.Stdout, sdk.Stdout);
        var lines = http.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("0: 9 tokens, cosine to 0: 1.0000, [", lines[0], StringComparison.Ordinal);
        Assert.True(Cosine(lines[1]) > Cosine(lines[2]) + 0.3, http.Stdout);
    }

    /// <summary>The figure after "cosine to 0: " in a line of <c>aiaas embed</c>.</summary>
    private static double Cosine(string line)
    {
        var start = line.IndexOf("cosine to 0: ", StringComparison.Ordinal) + "cosine to 0: ".Length;
        return double.Parse(line[start..line.IndexOf(',', start)], CultureInfo.InvariantCulture);
    }

    /// <summary>The pipeline loads after its steps: the first training retries while it answers 503.</summary>
    private static async Task<CliResult> RunWhenPipelineReadyAsync(params string[] arguments)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var result = await CliProcess.RunAsync(arguments);
            if (result.ExitCode == 0 || !result.Stderr.Contains("answered 503", StringComparison.Ordinal) || DateTime.UtcNow > deadline)
            {
                return result;
            }

            await Task.Delay(500);
        }
    }
}
