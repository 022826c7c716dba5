using AIaaS.Grains.Storage;
using AIaaS.Testing;
using Orleans.TestingHost;

namespace AIaaS.Grains.Tests.Storage;

public sealed class FileGrainStorageClusterTests : IDisposable
{
    public const string StorageName = "aiaas";

    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact(Timeout = 180_000)]
    public async Task PersistentCounter_WholeClusterRestarted_ReadsBackCounters()
    {
        await using (var before = await StartClusterAsync())
        {
            var replica = before.Client.GetGrain<IPersistentCounterGrain>("ppocr-cls/1/0");
            var session = before.Client.GetGrain<IPersistentCounterGrain>("tenant-a/сессия");
            Assert.Equal(1, await replica.IncrementAsync());
            Assert.Equal(2, await replica.IncrementAsync());
            Assert.Equal(3, await replica.IncrementAsync());
            Assert.Equal(1, await session.IncrementAsync());
            await before.StopAllSilosAsync();
        }

        await using var after = await StartClusterAsync();
        var replicaAfter = after.Client.GetGrain<IPersistentCounterGrain>("ppocr-cls/1/0");
        var sessionAfter = after.Client.GetGrain<IPersistentCounterGrain>("tenant-a/сессия");
        var untouched = after.Client.GetGrain<IPersistentCounterGrain>("never-incremented");

        Assert.Equal(3, await replicaAfter.GetAsync());
        Assert.Equal(1, await sessionAfter.GetAsync());
        Assert.Equal(0, await untouched.GetAsync());
        Assert.Equal(4, await replicaAfter.IncrementAsync());
        Assert.Equal(2, Directory.GetFiles(Path.Combine(_directory.Path, "counter")).Length);
    }

    private async Task<InProcessTestCluster> StartClusterAsync()
    {
        var builder = new InProcessTestClusterBuilder(2);
        var root = _directory.Path;
        builder.ConfigureSilo((_, siloBuilder) => siloBuilder.AddFileGrainStorage(StorageName, options => options.RootDirectory = root));
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }
}
