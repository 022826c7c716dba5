namespace AIaaS.Grains;

/// <summary>Names of the grain storage providers the grains use.</summary>
internal static class GrainStorageNames
{
    /// <summary>The one provider: files in embedded mode, Redis in a cluster.</summary>
    public const string Default = "aiaas";
}
