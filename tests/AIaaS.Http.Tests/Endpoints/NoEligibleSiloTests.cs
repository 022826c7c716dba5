using System.Net;
using System.Text;
using AIaaS.Testing;
using AIaaS.Testing.Onnx;

namespace AIaaS.Http.Tests.Endpoints;

/// <summary>A cpu silo serving a model that asks for a GPU: the model cannot be placed, and every answer says why.</summary>
public sealed class NoEligibleSiloTests : IAsyncLifetime
{
    private const string Message = "no worker silo with a cuda accelerator is in the cluster for model 'needs-gpu'";

    private readonly TemporaryDirectory _models = new("models");
    private readonly TemporaryDirectory _data = new("data");
    private SiloHost? _host;

    private HttpClient Client => _host!.Client;

    public async Task InitializeAsync()
    {
        var directory = Path.Combine(_models.Path, "needs-gpu");
        TestOnnxModels.Scale(2f, 4).WriteTo(Path.Combine(directory, "1"));
        await File.WriteAllTextAsync(Path.Combine(directory, "config.json"), """{"name": "needs-gpu", "max_batch_size": 8, "accelerator": "gpu"}""");
        _host = await SiloHost.StartAsync(_models.Path, _data.Path, settings: new Dictionary<string, string> { ["AIaaS:Accelerator"] = "cpu" });
    }

    [Fact(Timeout = 60_000)]
    public async Task Infer_GpuModelOnCpuCluster_503NamingTheAcceleratorAndModel()
    {
        using var body = new StringContent("""{"inputs": [{"name": "x", "shape": [1, 4], "datatype": "FP32", "data": [1, 2, 3, 4]}]}""", Encoding.UTF8, "application/json");
        using var response = await Client.PostAsync("v2/models/needs-gpu/infer", body);

        await OipJson.AssertErrorAsync(response, HttpStatusCode.ServiceUnavailable, Message);
    }

    [Fact(Timeout = 60_000)]
    public async Task RepositoryIndex_GpuModelOnCpuCluster_UnavailableWithTheReason()
    {
        using var response = await Client.PostAsync("v2/repository/index", null);
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("UNAVAILABLE", text, StringComparison.Ordinal);
        Assert.Contains(Message, text, StringComparison.Ordinal);
    }

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        _data.Dispose();
        _models.Dispose();
    }
}
