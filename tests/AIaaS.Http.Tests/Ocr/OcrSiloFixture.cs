using AIaaS.Models;
using AIaaS.Testing;
using AIaaS.Testing.Ocr;

namespace AIaaS.Http.Tests.Ocr;

/// <summary>
/// A silo over a repository of its own: the real PP-OCR models (copied) and the catalog's
/// <c>ocr</c> pipeline and processors, written from models/catalog.json as <c>aiaas models pull</c>
/// writes them, plus <c>ocr-mismatch</c>, a pipeline whose classifier step reads the image's pixels.
/// Ready once the pipeline is.
/// </summary>
public sealed class OcrSiloFixture : IAsyncLifetime
{
    public const string MismatchedPipeline = "ocr-mismatch";

    private readonly TemporaryDirectory _repository = new("ocr-repository");
    private readonly TemporaryDirectory _data = new("data");
    private SiloHost? _host;

    public SiloHost Host => _host ?? throw new InvalidOperationException("the silo has not started");

    public HttpClient Client => Host.Client;

    public string Repository => _repository.Path;

    public async Task InitializeAsync()
    {
        var ocr = OcrRepository.Prepare(_repository.Path);

        // ppocr-cls's input reads the decoded pixels (UINT8 [H, W, 3]) instead of the cropped lines.
        var steps = ocr.EnsembleScheduling!.Step;
        OcrRepository.Write(_repository.Path, ocr with
        {
            Name = MismatchedPipeline,
            EnsembleScheduling = new EnsembleSchedulingConfig
            {
                Step = [.. steps.Select(s => s.ModelName == "ppocr-cls" ? s with { InputMap = new Dictionary<string, string> { ["x"] = "pixels" } } : s)],
            },
        });

        _host = await SiloHost.StartAsync(_repository.Path, _data.Path);
        await WaitUntilReadyAsync("ocr");
    }

    /// <summary>Waits until <paramref name="model"/> is ready: a pipeline loads after its steps.</summary>
    public Task WaitUntilReadyAsync(string model) => Host.WaitUntilModelReadyAsync(model);

    public async Task DisposeAsync()
    {
        await SiloHost.DisposeAsync(_host, _data, _repository);
    }
}
