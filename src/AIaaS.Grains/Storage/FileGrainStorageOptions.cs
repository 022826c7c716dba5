using Orleans.Storage;

namespace AIaaS.Grains.Storage;

/// <summary>Options of the file grain storage provider used in embedded mode.</summary>
internal sealed class FileGrainStorageOptions : IStorageProviderSerializerOptions
{
    /// <summary>
    /// The stage of the silo lifecycle at which the provider creates its directory and removes
    /// temporary files left by a crash: before application services, so no grain reads first.
    /// </summary>
    public const int DefaultInitStage = ServiceLifecycleStage.ApplicationServices;

    /// <summary>
    /// The data directory holding one subdirectory per state name and one file per grain.
    /// Required; a relative path is resolved against the current directory at start.
    /// </summary>
    public string RootDirectory { get; set; } = string.Empty;

    /// <summary>
    /// The serializer of grain state. When left unset, the <see cref="IGrainStorageSerializer"/>
    /// registered in the silo's services is used, as Orleans' own providers do.
    /// </summary>
    public IGrainStorageSerializer GrainStorageSerializer { get; set; } = null!;

    /// <summary>The silo lifecycle stage of the provider's start work.</summary>
    public int InitStage { get; set; } = DefaultInitStage;
}
