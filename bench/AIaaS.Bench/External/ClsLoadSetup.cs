using AIaaS.Cli.Bench;
using AIaaS.Cli.Remote;
using AIaaS.Requests;
using AIaaS.Testing;

namespace AIaaS.Bench.External;

/// <summary>
/// What every load-from-another-process measurement starts from: a temporary repository with the
/// bench's ppocr-cls variants, ppocr-cls's workload (for the raw ceiling) and one request of it
/// written as an HTTP binary-extension body file for the load generator.
/// </summary>
internal sealed class ClsLoadSetup : IDisposable
{
    private static readonly InputShape ClsShape = new("x", [3, 48, 192]);

    private readonly TemporaryDirectory _repository = new("aiaas-bench-repo");
    private readonly TemporaryDirectory _data = new("aiaas-bench-data");

    private ClsLoadSetup(string models)
    {
        BenchRepository.Prepare(models, _repository.Path);
        Workload = new Workload(BenchRepository.Cls, RawOrt.LoadConfigurations(BenchRepository.ModelFile(_repository.Path, BenchRepository.Cls)), [ClsShape]);
    }

    public string Repository => _repository.Path;

    /// <summary>Scratch space for silo data directories and the generator's files.</summary>
    public string Data => _data.Path;

    public Workload Workload { get; }

    /// <summary>One ppocr-cls request <c>x [1,3,48,192]</c> as a binary-extension body.</summary>
    public string BodyFile => Path.Combine(_data.Path, "ppocr-cls.bin");

    /// <summary>The body's <c>Inference-Header-Content-Length</c>.</summary>
    public int HeaderLength { get; private set; }

    public static async Task<ClsLoadSetup> CreateAsync(string models, CancellationToken cancellationToken)
    {
        var setup = new ClsLoadSetup(models);
        try
        {
            var body = OipRequestBody.Binary(new InferenceRequest { Inputs = setup.Workload.Inputs(1) });
            await File.WriteAllBytesAsync(setup.BodyFile, body.Content, cancellationToken);
            setup.HeaderLength = body.HeaderLength!.Value;
            return setup;
        }
        catch
        {
            setup.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        Workload.Dispose();
        _data.Dispose();
        _repository.Dispose();
    }
}
