using Orleans.Providers;

namespace AIaaS.Grains.Storage;

/// <summary>
/// <see cref="ISiloBuilder"/> entry points of the file grain storage; they only forward to
/// <see cref="FileGrainStorageServiceCollectionExtensions"/>.
/// </summary>
internal static class FileGrainStorageSiloBuilderExtensions
{
    /// <summary>Adds file grain storage as the default grain storage provider.</summary>
    public static ISiloBuilder AddFileGrainStorageAsDefault(
        this ISiloBuilder builder, Action<FileGrainStorageOptions> configureOptions) =>
        builder.AddFileGrainStorage(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME, configureOptions);

    /// <summary>Adds a file grain storage provider named <paramref name="name"/>.</summary>
    public static ISiloBuilder AddFileGrainStorage(
        this ISiloBuilder builder, string name, Action<FileGrainStorageOptions> configureOptions)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddFileGrainStorage(name, configureOptions);
        return builder;
    }
}
