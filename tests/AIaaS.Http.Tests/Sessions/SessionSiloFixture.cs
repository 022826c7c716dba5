using AIaaS.Inference.Execution;
using AIaaS.Testing;
using AIaaS.Testing.Audio;
using Microsoft.Extensions.Logging.Abstractions;

namespace AIaaS.Http.Tests.Sessions;

/// <summary>
/// One real silo serving the real silero-vad file under two configurations: <c>silero-vad</c>
/// (sessions' steps wait up to 5 s to leave as batches of exactly 4, so batch sharing is exact)
/// and <c>silero-direct</c> (every step runs at once), both with the catalog's state; plus an
/// in-process session of the same file for client-held-state references, and real speech.
/// </summary>
public sealed class SessionSiloFixture : IAsyncLifetime
{
    private const string State = """[{"input_name": "state", "output_name": "stateN", "data_type": "TYPE_FP32", "dims": [2, 128], "batch_axis": 1}, {"input_name": "input", "output_name": "input", "data_type": "TYPE_FP32", "dims": [64], "batch_axis": 0}]""";

    private readonly TemporaryDirectory _repository = new("session-repo");
    private readonly TemporaryDirectory _data = new("session-data");
    private SiloHost? _host;
    private OnnxModel? _reference;

    public HttpClient Client => (_host ?? throw new InvalidOperationException("the silo has not started")).Client;

    internal OnnxModel Reference => _reference ?? throw new InvalidOperationException("the silo has not started");

    /// <summary>Four different utterances, each padded with half a second of silence.</summary>
    public float[][] Speech { get; private set; } = [];

    public async Task InitializeAsync()
    {
        var model = Path.Combine(RepositoryPaths.RealModel("silero-vad"), "1", "model.onnx");
        Add("silero-vad", """{"name": "silero-vad", "max_batch_size": 64, "sequence_batching": {"max_sequence_idle_microseconds": 60000000, "oldest": {"preferred_batch_size": [4], "max_queue_delay_microseconds": 5000000}, "state": """ + State + "}}", model);
        Add("silero-direct", """{"name": "silero-direct", "max_batch_size": 64, "sequence_batching": {"max_sequence_idle_microseconds": 60000000, "state": """ + State + "}}", model);
        Speech =
        [
            SpeechSamples.Make("Hello, this is the first stream of speech."),
            SpeechSamples.Make("The quick brown fox jumps over the lazy dog."),
            SpeechSamples.Make("Sessions keep their state on the server."),
            SpeechSamples.Make("Four voices, one batch, and no mixing of state."),
        ];
        _reference = OnnxModel.Load(model, new OnnxModelOptions(), NullLogger.Instance);
        _host = await SiloHost.StartAsync(_repository.Path, _data.Path);
    }

    public async Task DisposeAsync()
    {
        try
        {
            if (_host is not null)
            {
                await _host.DisposeAsync();
            }
        }
        finally
        {
            _reference?.Dispose();
            _repository.Dispose();
            _data.Dispose();
        }
    }

    private void Add(string name, string config, string model)
    {
        var directory = _repository.Combine(name, "1");
        Directory.CreateDirectory(directory);
        File.WriteAllText(_repository.Combine(name, "config.json"), config);
        File.CreateSymbolicLink(Path.Combine(directory, "model.onnx"), model);
    }
}
