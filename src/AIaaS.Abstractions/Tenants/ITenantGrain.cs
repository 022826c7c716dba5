namespace AIaaS.Tenants;

/// <summary>
/// One tenant (key: its id): definition, key records (hashes only), the rate budget fronts lease,
/// and usage for billing. Mutations are serialised; reads and leases interleave.
/// </summary>
[Alias("aiaas.ITenantGrain")]
public interface ITenantGrain : IGrainWithStringKey
{
    /// <summary>The tenant, or null when it does not exist.</summary>
    [Orleans.Concurrency.AlwaysInterleave, Alias("get")]
    Task<TenantInfo?> Get();

    /// <summary>Creates the tenant; fails with InvalidArgument when it exists.</summary>
    [Alias("create")]
    Task<TenantInfo> Create(TenantDefinition definition);

    /// <summary>Replaces the definition; NotFound when the tenant does not exist.</summary>
    [Alias("update")]
    Task<TenantInfo> Update(TenantDefinition definition);

    /// <summary>Deletes the tenant and revokes its keys; its usage is kept for billing. False when it did not exist.</summary>
    [Alias("delete")]
    Task<bool> Delete();

    /// <summary>A new key: random, returned this once, stored as its SHA-256 only.</summary>
    [Alias("create-key")]
    Task<CreatedApiKey> CreateKey();

    /// <summary>Revokes a key; false when the tenant has no such key.</summary>
    [Alias("revoke-key")]
    Task<bool> RevokeKey(string keyId);

    /// <summary>
    /// A front's share of the tenant's rate for the next renewal period, weighted by the demand
    /// each front reported (requests it was asked to admit in its last period).
    /// </summary>
    [Orleans.Concurrency.AlwaysInterleave, Alias("lease-rate")]
    Task<RateShare> LeaseRate(string front, long demand);

    /// <summary>Adds usage deltas counted on a silo.</summary>
    [Alias("record-usage")]
    Task RecordUsage(IReadOnlyList<UsageRecord> deltas);

    /// <summary>Usage of hours starting in [from, to).</summary>
    [Orleans.Concurrency.AlwaysInterleave, Alias("get-usage")]
    Task<IReadOnlyList<UsageRecord>> GetUsage(DateTime from, DateTime to);
}
