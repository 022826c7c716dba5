using AIaaS.Testing;
using AIaaS.Testing.Embeddings;

namespace AIaaS.EndToEnd.Tests.Classification;

/// <summary>
/// <c>aiaas classifiers</c> as a process against a silo process over a repository of its own
/// (the real MiniLM and the text-embedding pipeline): train from the hand-written tickets CSV,
/// show, classify, and a refused name.
/// </summary>
public sealed class ClassifiersCommandTests : IAsyncLifetime
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

        var refused = await CliProcess.RunAsync("classifiers", "train", "minilm", Tickets, "--url", Url);
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("answered 409: model 'minilm' exists and is not a text classifier", refused.Stderr, StringComparison.Ordinal);
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
