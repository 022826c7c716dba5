using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Providers;
using Orleans.Runtime.Hosting;
using Orleans.Storage;

namespace AIaaS.Grains.Storage;

/// <summary>Registers the file grain storage provider of embedded mode.</summary>
internal static class FileGrainStorageServiceCollectionExtensions
{
    /// <summary>Adds file grain storage as the default grain storage provider.</summary>
    public static IServiceCollection AddFileGrainStorageAsDefault(
        this IServiceCollection services, Action<FileGrainStorageOptions> configureOptions) =>
        services.AddFileGrainStorage(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME, configureOptions);

    /// <summary>Adds a file grain storage provider named <paramref name="name"/>.</summary>
    public static IServiceCollection AddFileGrainStorage(
        this IServiceCollection services, string name, Action<FileGrainStorageOptions> configureOptions)
    {
        ArgumentNullException.ThrowIfNull(configureOptions);
        return services.AddFileGrainStorage(name, builder => builder.Configure(configureOptions));
    }

    /// <summary>Adds a file grain storage provider named <paramref name="name"/>.</summary>
    public static IServiceCollection AddFileGrainStorage(
        this IServiceCollection services, string name, Action<OptionsBuilder<FileGrainStorageOptions>>? configureOptions = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);

        configureOptions?.Invoke(services.AddOptions<FileGrainStorageOptions>(name));

        // Fills GrainStorageSerializer from the services when the user left it unset.
        services.AddTransient<IPostConfigureOptions<FileGrainStorageOptions>,
            DefaultStorageProviderSerializerOptionsConfigurator<FileGrainStorageOptions>>();
        services.AddTransient<IConfigurationValidator>(sp => new FileGrainStorageOptionsValidator(
            sp.GetRequiredService<IOptionsMonitor<FileGrainStorageOptions>>().Get(name), name));
        services.ConfigureNamedOptionForLogging<FileGrainStorageOptions>(name);
        return services.AddGrainStorage(name, FileGrainStorageFactory.Create);
    }
}
