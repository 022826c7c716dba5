using AIaaS.Tenants;

namespace AIaaS.Grains.Tenants;

/// <summary>The list of tenants and of tenants with usage.</summary>
internal sealed class TenantDirectoryGrain(
    [PersistentState("tenant-directory", GrainStorageNames.Default)] IPersistentState<TenantDirectoryState> state) : Grain, ITenantDirectoryGrain
{
    public Task<IReadOnlyList<string>> List() => Task.FromResult<IReadOnlyList<string>>([.. state.State.Tenants]);

    public Task<IReadOnlyList<string>> ListMetered() => Task.FromResult<IReadOnlyList<string>>([.. state.State.Metered]);

    public Task Add(string tenant) => state.State.Tenants.Add(tenant) ? state.WriteStateAsync() : Task.CompletedTask;

    public Task Remove(string tenant) => state.State.Tenants.Remove(tenant) ? state.WriteStateAsync() : Task.CompletedTask;

    public Task AddMetered(string tenant) => state.State.Metered.Add(tenant) ? state.WriteStateAsync() : Task.CompletedTask;
}
