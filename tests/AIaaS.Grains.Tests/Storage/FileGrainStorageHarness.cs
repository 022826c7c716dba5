using AIaaS.Grains.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Serialization;
using Orleans.Storage;

namespace AIaaS.Grains.Tests.Storage;

/// <summary>
/// One file grain storage provider over a given directory, built the way a silo builds it (the
/// registration under test, a real Orleans serializer) and started through a real silo
/// lifecycle. Disposing it is a process stopping; the directory stays for the next harness.
/// </summary>
internal sealed class FileGrainStorageHarness : IAsyncDisposable
{
    public const string ProviderName = "aiaas";

    private readonly ServiceProvider _services;

    private FileGrainStorageHarness(ServiceProvider services)
    {
        _services = services;
        Storage = services.GetRequiredKeyedService<IGrainStorage>(ProviderName);
    }

    public IGrainStorage Storage { get; }

    public static async Task<FileGrainStorageHarness> StartAsync(string rootDirectory)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSerializer();
        services.AddSingleton<IGrainStorageSerializer, OrleansGrainStorageSerializer>();
        services.AddFileGrainStorage(ProviderName, options => options.RootDirectory = rootDirectory);
        var provider = services.BuildServiceProvider();

        var lifecycle = new SiloLifecycleSubject(NullLogger<SiloLifecycleSubject>.Instance);
        foreach (var participant in provider.GetServices<ILifecycleParticipant<ISiloLifecycle>>())
        {
            participant.Participate(lifecycle);
        }

        await lifecycle.OnStart(CancellationToken.None);
        return new FileGrainStorageHarness(provider);
    }

    public ValueTask DisposeAsync() => _services.DisposeAsync();
}
