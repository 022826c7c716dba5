namespace AIaaS.Models;

/// <summary>Lifecycle of one model version, as Triton's model repository reports it.</summary>
public enum ModelVersionStatus
{
    /// <summary>Known from the repository but not serving (never loaded, or unloaded on request).</summary>
    Unloaded = 0,
    Loading,
    Ready,
    /// <summary>Loading failed; the reason says why.</summary>
    Failed,
}
