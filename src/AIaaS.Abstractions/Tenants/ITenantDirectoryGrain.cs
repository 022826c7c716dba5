namespace AIaaS.Tenants;

/// <summary>The ids of every tenant (key: 0), for listing; each tenant's record lives in its own grain.</summary>
[Alias("aiaas.ITenantDirectoryGrain")]
public interface ITenantDirectoryGrain : IGrainWithIntegerKey
{
    [Orleans.Concurrency.AlwaysInterleave, Alias("list")]
    Task<IReadOnlyList<string>> List();

    [Alias("add")]
    Task Add(string tenant);

    [Alias("remove")]
    Task Remove(string tenant);

    /// <summary>Tenants that have usage, deleted ones included (usage outlives a tenant for billing).</summary>
    [Orleans.Concurrency.AlwaysInterleave, Alias("list-metered")]
    Task<IReadOnlyList<string>> ListMetered();

    [Alias("add-metered")]
    Task AddMetered(string tenant);
}
