using AIaaS.Testing;
using AIaaS.Testing.Onnx;

namespace AIaaS.Client.Tests;

/// <summary>
/// A silo process in embedded mode serving tiny models with exact answers: <c>add-one</c>
/// (<c>y = x + 1</c>, dynamic batching) and <c>accumulator</c> (a stateful model shaped like
/// silero, for sessions). The SDK reaches it through its gateway on 127.0.0.1.
/// </summary>
public sealed class ClientSiloFixture : IAsyncLifetime
{
    private const string State = """[{"input_name": "state", "output_name": "stateN", "dims": [2, 2], "batch_axis": 1}, {"input_name": "input", "output_name": "input", "dims": [1]}]""";

    private readonly TinyModelRepository _models = new();
    private readonly TemporaryDirectory _data = new("aiaas-client-tests");

    public SiloProcess Silo { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _models.Add("add-one", """{"name": "add-one", "max_batch_size": 8, "dynamic_batching": {}}""", TestOnnxModels.AddOne().Build());
        _models.Add("accumulator", """{"name": "accumulator", "max_batch_size": 8, "sequence_batching": {"max_sequence_idle_microseconds": 60000000, "state": """ + State + "}}", TestOnnxModels.StatefulAccumulator().Build());
        Silo = await SiloProcess.StartAsync(new SiloProcessOptions { DataDirectory = _data.Path, ModelRepository = _models.Root });
    }

    public async Task DisposeAsync()
    {
        if (Silo is not null)
        {
            await Silo.StopAsync();
            await Silo.DisposeAsync();
        }

        _data.Dispose();
        _models.Dispose();
    }

    /// <summary>The SDK as an application hosts it, connected to this silo's gateway.</summary>
    public Task<SdkClient> ConnectAsync() => SdkClient.StartAsync(o => o.GatewayPort = Silo.GatewayPort);
}

[CollectionDefinition(Name)]
public sealed class ClientSiloCollection : ICollectionFixture<ClientSiloFixture>
{
    public const string Name = "client silo";
}
