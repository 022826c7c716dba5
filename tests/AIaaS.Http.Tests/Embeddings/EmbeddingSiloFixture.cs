using AIaaS.Embeddings;
using AIaaS.Testing;
using AIaaS.Testing.Embeddings;

namespace AIaaS.Http.Tests.Embeddings;

/// <summary>
/// A silo over a repository of its own: the real all-MiniLM-L6-v2 (copied) and the catalog's
/// <c>text-embedding</c> pipeline and processors. Ready once the pipeline is.
/// </summary>
public sealed class EmbeddingSiloFixture : IAsyncLifetime
{
    private readonly TemporaryDirectory _repository = new("embedding-repository");
    private readonly TemporaryDirectory _data = new("data");
    private SiloHost? _host;

    public SiloHost Host => _host ?? throw new InvalidOperationException("the silo has not started");

    public HttpClient Client => Host.Client;

    /// <summary>The silo's model repository, where trained classifiers are written.</summary>
    public string Repository => _repository.Path;

    public ReferenceEmbedder Reference { get; } = new();

    public async Task InitializeAsync()
    {
        EmbeddingRepository.Prepare(_repository.Path);
        // Usage reaches the tenant grain within a fifth of a second, so the metering test waits little.
        _host = await SiloHost.StartAsync(_repository.Path, _data.Path, settings: new Dictionary<string, string> { ["AIaaS:Auth:UsageFlushInterval"] = "00:00:00.200" });
        await _host.WaitUntilModelReadyAsync(EmbeddingPipeline.Name);
    }

    public async Task DisposeAsync()
    {
        Reference.Dispose();
        await SiloHost.DisposeAsync(_host, _data, _repository);
    }
}
