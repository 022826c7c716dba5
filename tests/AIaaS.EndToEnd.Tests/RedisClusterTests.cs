using AIaaS.Tensors;
using AIaaS.Testing;
using StackExchange.Redis;

namespace AIaaS.EndToEnd.Tests;

/// <summary>Two silo processes clustered through a real Redis: either front serves, the SDK finds gateways in Redis.</summary>
public sealed class RedisClusterTests(RedisClusterFixture cluster) : IClassFixture<RedisClusterFixture>
{
    [Fact(Timeout = 60_000)]
    public async Task Infer_ThroughEachSiloHttp_SameResultAsInProcessOrt()
    {
        var input = TestTensors.PpocrClsInput();
        var expected = ReferenceOutputs.Run("ppocr-cls", input).Single();
        using var a = new OipHttp(cluster.SiloA);
        using var b = new OipHttp(cluster.SiloB);

        var throughA = await a.InferFloatsAsync("ppocr-cls", input);
        var throughB = await b.InferFloatsAsync("ppocr-cls", input);

        ReferenceOutputs.AssertClose(expected.ToArray<float>(), throughA[expected.Name], what: "silo A");
        // One replica serves both fronts: the same numbers whichever silo took the request.
        Assert.Equal(throughA[expected.Name], throughB[expected.Name]);
    }

    [Fact(Timeout = 60_000)]
    public async Task InferAsync_SdkWithRedis_FindsGatewaysAndInfers()
    {
        var input = TestTensors.PpocrClsInput();
        var expected = ReferenceOutputs.Run("ppocr-cls", input).Single();
        await using var sdk = await SdkClient.StartAsync(o =>
        {
            o.Redis = cluster.Redis.ConnectionString;
            o.ClusterId = cluster.ClusterId;
        });

        var response = await sdk.Inference.InferAsync("ppocr-cls", [input]);

        var output = Assert.Single(response.Outputs);
        Assert.Equal(expected.Shape, output.Shape);
        ReferenceOutputs.AssertClose(expected.ToArray<float>(), output.ToArray<float>(), what: "SDK through Redis");
    }

    [Fact(Timeout = 60_000)]
    public async Task Redis_TwoSilosJoined_HoldsMembershipOfBothAndModelGrainState()
    {
        await using var redis = await ConnectionMultiplexer.ConnectAsync(cluster.Redis.ConnectionString);
        var server = redis.GetServer(redis.GetEndPoints().Single());
        var keys = server.Keys(pattern: "*").Select(k => k.ToString()).ToList();
        var listing = string.Join("\n", keys);

        // Orleans' Redis clustering: one hash per cluster, {ServiceId}/members/{ClusterId}, a field per silo.
        var membersKey = $"aiaas/members/{cluster.ClusterId}";
        Assert.True(keys.Contains(membersKey), $"no {membersKey} among:\n{listing}");
        var members = await redis.GetDatabase().HashGetAllAsync(membersKey);
        var entries = string.Join("\n", members.Select(m => $"{m.Name} = {m.Value}"));
        foreach (var silo in new[] { cluster.SiloA, cluster.SiloB })
        {
            // The field is the silo address (S127.0.0.1:{port}:{generation}); the value a JSON entry
            // whose Status 3 is Active and whose ProxyPort is the gateway clients find through Redis.
            var entry = members.SingleOrDefault(m => m.Name.ToString().StartsWith($"S127.0.0.1:{silo.SiloPort}:", StringComparison.Ordinal));
            Assert.True(entry.Value.HasValue, $"silo port {silo.SiloPort} is not in the membership hash:\n{entries}");
            Assert.Contains("\"Status\":3", entry.Value.ToString(), StringComparison.Ordinal);
            Assert.Contains($"\"ProxyPort\":{silo.GatewayPort}", entry.Value.ToString(), StringComparison.Ordinal);
        }

        // Orleans' Redis grain storage: {ServiceId}/state/{grainId}/{stateName}; the model grains' records.
        foreach (var model in new[] { "ppocr-cls", "ppocr-det", "ppocr-rec", "silero-vad" })
        {
            var stateKey = $"aiaas/state/model/{model}/model";
            Assert.True(keys.Contains(stateKey), $"no {stateKey} among:\n{listing}");
        }
    }
}
