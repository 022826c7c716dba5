using AIaaS.Grains.Storage;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Providers;
using Orleans.Serialization;
using Orleans.Storage;

namespace AIaaS.Grains.Tests.Storage;

public sealed class FileGrainStorageOptionsValidatorTests
{
    [Fact]
    public void ValidateConfiguration_EmptyRootDirectory_ThrowsNamingProviderAndKey()
    {
        using var services = BuildServices("models-state", _ => { });

        var exception = Assert.Throws<OrleansConfigurationException>(
            () => Validate(services));

        Assert.Contains("'models-state'", exception.Message, StringComparison.Ordinal);
        Assert.Contains("FileGrainStorageOptions.RootDirectory is required", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ValidateConfiguration_RootDirectoryWithNul_ThrowsNamingKey()
    {
        using var services = BuildServices("aiaas", options => options.RootDirectory = "data\0state");

        var exception = Assert.Throws<OrleansConfigurationException>(() => Validate(services));

        Assert.Contains("FileGrainStorageOptions.RootDirectory", exception.Message, StringComparison.Ordinal);
        Assert.Contains("invalid in a path", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ValidateConfiguration_RootDirectorySet_DoesNotThrow()
    {
        using var services = BuildServices("aiaas", options => options.RootDirectory = "data/state");

        Validate(services);
    }

    [Fact]
    public void AddFileGrainStorageAsDefault_RegistersUnkeyedGrainStorage()
    {
        var collection = new ServiceCollection();
        collection.AddLogging();
        collection.AddSerializer();
        collection.AddSingleton<IGrainStorageSerializer, OrleansGrainStorageSerializer>();
        collection.AddFileGrainStorageAsDefault(options => options.RootDirectory = "unused");
        using var services = collection.BuildServiceProvider();

        var storage = services.GetRequiredService<IGrainStorage>();

        Assert.Same(services.GetRequiredKeyedService<IGrainStorage>(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME), storage);
        Assert.Equal("FileGrainStorage", storage.GetType().Name);
    }

    private static ServiceProvider BuildServices(string name, Action<FileGrainStorageOptions> configure)
    {
        var services = new ServiceCollection();
        services.AddSerializer();
        services.AddSingleton<IGrainStorageSerializer, OrleansGrainStorageSerializer>();
        services.AddFileGrainStorage(name, configure);
        return services.BuildServiceProvider();
    }

    private static void Validate(IServiceProvider services)
    {
        foreach (var validator in services.GetServices<IConfigurationValidator>())
        {
            validator.ValidateConfiguration();
        }
    }
}
