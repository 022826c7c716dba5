namespace AIaaS.Grains.Tests.Storage;

/// <summary>A counter whose value is persisted through the "aiaas" file grain storage.</summary>
[Alias("AIaaS.Grains.Tests.Storage.IPersistentCounterGrain")]
public interface IPersistentCounterGrain : IGrainWithStringKey
{
    /// <summary>Adds one, persists, and returns the new value.</summary>
    [Alias("Increment")]
    Task<int> IncrementAsync();

    /// <summary>The value as read from storage when the grain activated, plus later increments.</summary>
    [Alias("Get")]
    Task<int> GetAsync();
}
