using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AIaaS.Grains.Storage;

/// <summary>Builds the file grain storage provider registered under a name.</summary>
internal static class FileGrainStorageFactory
{
    // Returns the concrete type: Orleans' AddGrainStorage<T> subscribes the provider to the silo
    // lifecycle only when T itself implements ILifecycleParticipant<ISiloLifecycle>.
    public static FileGrainStorage Create(IServiceProvider services, string name)
    {
        var options = services.GetRequiredService<IOptionsMonitor<FileGrainStorageOptions>>().Get(name);
        return ActivatorUtilities.CreateInstance<FileGrainStorage>(services, name, options);
    }
}
