using System.Globalization;

namespace AIaaS.Cluster;

/// <summary>What a silo declared about itself in its metadata (<see cref="SiloMetadataKeys"/>).</summary>
[GenerateSerializer, Immutable, Alias("aiaas.silo-profile")]
internal sealed record SiloProfile(
    [property: Id(0)] string Role,
    [property: Id(1)] string Accelerator,
    [property: Id(2)] int GpuCount,
    [property: Id(3)] int GpuMemoryMb)
{
    /// <summary>A silo whose metadata has not arrived yet (the cache is eventually consistent): it hosts nothing.</summary>
    public static SiloProfile Unknown { get; } = new("unknown", "unknown", 0, 0);

    public bool HostsReplicas => Role is SiloRoles.Worker or SiloRoles.All;

    public IReadOnlyDictionary<string, string> ToMetadata() => new Dictionary<string, string>
    {
        [SiloMetadataKeys.Role] = Role,
        [SiloMetadataKeys.Accelerator] = Accelerator,
        [SiloMetadataKeys.GpuCount] = GpuCount.ToString(CultureInfo.InvariantCulture),
        [SiloMetadataKeys.GpuMemoryMb] = GpuMemoryMb.ToString(CultureInfo.InvariantCulture),
    };

    public static SiloProfile FromMetadata(IReadOnlyDictionary<string, string> metadata)
    {
        if (!metadata.TryGetValue(SiloMetadataKeys.Role, out var role))
        {
            return Unknown;
        }

        return new SiloProfile(
            role,
            metadata.GetValueOrDefault(SiloMetadataKeys.Accelerator, SiloAccelerators.Cpu),
            Number(metadata, SiloMetadataKeys.GpuCount),
            Number(metadata, SiloMetadataKeys.GpuMemoryMb));
    }

    private static int Number(IReadOnlyDictionary<string, string> metadata, string key) =>
        metadata.TryGetValue(key, out var text) && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : 0;
}
