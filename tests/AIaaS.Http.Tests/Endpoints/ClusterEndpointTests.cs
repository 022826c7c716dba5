using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;

namespace AIaaS.Http.Tests.Endpoints;

/// <summary><c>GET /admin/cluster</c> on the one real-model silo (role all, embedded mode).</summary>
[Collection(RealModelSiloCollection.Name)]
public sealed class ClusterEndpointTests(RealModelSiloFixture silo)
{
    private static readonly string[] SiloFields = ["address", "name", "role", "accelerator", "gpu_count", "gpu_memory_mb", "status", "replicas"];

    [Fact(Timeout = 60_000)]
    public async Task GetCluster_SingleAllRoleSilo_ListsItActiveOnCpu()
    {
        var body = await GetClusterAsync();

        var only = Assert.Single(body.GetProperty("silos").EnumerateArray());
        Assert.Equal(SiloFields, only.EnumerateObject().Select(p => p.Name));
        Assert.Equal(LocalAddress(), only.GetProperty("address").GetString());
        Assert.False(string.IsNullOrEmpty(only.GetProperty("name").GetString()));
        Assert.Equal("all", only.GetProperty("role").GetString());
        // The build carries ONNX Runtime's CPU package: detection finds no usable CUDA.
        Assert.Equal("cpu", only.GetProperty("accelerator").GetString());
        Assert.Equal(0, only.GetProperty("gpu_count").GetInt32());
        Assert.Equal(0, only.GetProperty("gpu_memory_mb").GetInt32());
        Assert.Equal("active", only.GetProperty("status").GetString());
    }

    [Fact(Timeout = 60_000)]
    public async Task GetCluster_AfterPpocrClsInference_ListsItsReplicaOnTheSilo()
    {
        using (var infer = await silo.Client.PostAsync("v2/models/ppocr-cls/infer",
            OipJson.Request([OipJson.Input("x", "FP32", [1, 3, 48, 192], TestInputs.Uniform(seed: 40, 3 * 48 * 192))])))
        {
            await OipJson.ReadAsync(infer);
        }

        // Placements are recorded at once and reports follow every change; ask a few times in
        // case the inventory grain was between the two.
        var replicas = await ReplicasAsync();
        for (var attempt = 0; attempt < 50 && !replicas.Contains(("ppocr-cls", 1, 0)); attempt++)
        {
            await Task.Delay(100);
            replicas = await ReplicasAsync();
        }

        Assert.Contains(("ppocr-cls", 1, 0), replicas);
        Assert.Equal(replicas.Order(), replicas);
    }

    private async Task<List<(string Model, int Version, int Index)>> ReplicasAsync()
    {
        var only = Assert.Single((await GetClusterAsync()).GetProperty("silos").EnumerateArray());
        return only.GetProperty("replicas").EnumerateArray()
            .Select(r => (r.GetProperty("model").GetString()!, r.GetProperty("version").GetInt32(), r.GetProperty("index").GetInt32()))
            .ToList();
    }

    private async Task<JsonElement> GetClusterAsync()
    {
        using var response = await silo.Client.GetAsync("admin/cluster");
        return await OipJson.ReadAsync(response, HttpStatusCode.OK);
    }

    private string LocalAddress() => silo.Host.Services.GetRequiredService<ILocalSiloDetails>().SiloAddress.ToParsableString();
}
