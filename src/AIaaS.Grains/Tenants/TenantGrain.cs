using AIaaS.Errors;
using AIaaS.Tenants;
using Microsoft.Extensions.Logging;

namespace AIaaS.Grains.Tenants;

/// <summary>
/// A tenant's record, keys (as hashes) and usage. Key changes write the key's grain before the
/// tenant's record, so a key the tenant lists always resolves (or is revoked) the same way.
/// </summary>
internal sealed partial class TenantGrain(
    [PersistentState("tenant", GrainStorageNames.Default)] IPersistentState<TenantGrainState> state,
    TimeProvider time,
    ILogger<TenantGrain> logger) : Grain, ITenantGrain
{
    private RateShareCalculator? _shares;

    private string Id => this.GetPrimaryKeyString();

    public Task<TenantInfo?> Get() => Task.FromResult(Info());

    public async Task<TenantInfo> Create(TenantDefinition definition)
    {
        if (state.State.Definition is not null)
        {
            throw InferenceException.InvalidArgument($"tenant '{Id}' exists");
        }

        state.State.Definition = definition;
        state.State.CreatedAt = time.GetUtcNow();
        state.State.Revision++;
        await state.WriteStateAsync();
        await GrainFactory.GetGrain<ITenantDirectoryGrain>(0).Add(Id);
        LogCreated(logger, Id);
        return Info()!;
    }

    public async Task<TenantInfo> Update(TenantDefinition definition)
    {
        _ = Existing();
        state.State.Definition = definition;
        state.State.Revision++;
        await state.WriteStateAsync();
        return Info()!;
    }

    public async Task<bool> Delete()
    {
        if (state.State.Definition is null)
        {
            return false;
        }

        foreach (var key in state.State.Keys.Where(k => k.RevokedAt is null))
        {
            await GrainFactory.GetGrain<IApiKeyGrain>(key.Sha256).Revoke();
            key.RevokedAt = time.GetUtcNow();
        }

        state.State.Definition = null;
        state.State.Revision++;
        await state.WriteStateAsync();
        await GrainFactory.GetGrain<ITenantDirectoryGrain>(0).Remove(Id);
        LogDeleted(logger, Id);
        return true;
    }

    public async Task<CreatedApiKey> CreateKey()
    {
        _ = Existing();
        var key = ApiKeys.Generate();
        var record = new TenantKeyRecord
        {
            Id = "key_" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(6)),
            Prefix = ApiKeys.Shown(key),
            Sha256 = ApiKeys.Hash(key),
            CreatedAt = time.GetUtcNow(),
        };
        await GrainFactory.GetGrain<IApiKeyGrain>(record.Sha256).Bind(new ApiKeyIdentity(Id, record.Id));
        state.State.Keys.Add(record);
        state.State.Revision++;
        await state.WriteStateAsync();
        LogKeyCreated(logger, Id, record.Id);
        return new CreatedApiKey(record.Id, key);
    }

    public async Task<bool> RevokeKey(string keyId)
    {
        var record = state.State.Keys.FirstOrDefault(k => k.Id == keyId);
        if (record is null)
        {
            return false;
        }

        await GrainFactory.GetGrain<IApiKeyGrain>(record.Sha256).Revoke();
        if (record.RevokedAt is null)
        {
            record.RevokedAt = time.GetUtcNow();
            state.State.Revision++;
            await state.WriteStateAsync();
            LogKeyRevoked(logger, Id, keyId);
        }

        return true;
    }

    public Task<RateShare> LeaseRate(string front, long demand)
    {
        _shares ??= new RateShareCalculator(time);
        var quotas = state.State.Definition?.Quotas ?? TenantQuotas.Unlimited;
        return Task.FromResult(_shares.Share(quotas, front, demand, ComputeToday(), state.State.Revision));
    }

    public async Task RecordUsage(IReadOnlyList<UsageRecord> deltas)
    {
        var first = state.State.Usage.Count == 0;
        foreach (var delta in deltas)
        {
            var key = UsageKey.Of(delta);
            state.State.Usage[key] = state.State.Usage.TryGetValue(key, out var current) ? UsageKey.Add(current, delta) : delta with { Tenant = Id };
        }

        await state.WriteStateAsync();
        if (first && deltas.Count > 0)
        {
            await GrainFactory.GetGrain<ITenantDirectoryGrain>(0).AddMetered(Id);
        }
    }

    public Task<IReadOnlyList<UsageRecord>> GetUsage(DateTime from, DateTime to) =>
        Task.FromResult<IReadOnlyList<UsageRecord>>(state.State.Usage.Values
            .Where(u => u.Hour >= from && u.Hour < to)
            .OrderBy(u => u.Hour).ThenBy(u => u.Model, StringComparer.Ordinal).ThenBy(u => u.Version, StringComparer.Ordinal)
            .ToList());

    private double ComputeToday()
    {
        var today = time.GetUtcNow().UtcDateTime.Date;
        var total = 0.0;
        foreach (var usage in state.State.Usage.Values)
        {
            if (usage.Hour >= today)
            {
                total += usage.ComputeSeconds;
            }
        }

        return total;
    }

    private TenantDefinition Existing() =>
        state.State.Definition ?? throw InferenceException.NotFound($"unknown tenant '{Id}'");

    private TenantInfo? Info() => state.State.Definition is { } definition
        ? new TenantInfo
        {
            Id = Id,
            Definition = definition,
            CreatedAt = state.State.CreatedAt,
            Revision = state.State.Revision,
            Keys = state.State.Keys.Select(k => new ApiKeyInfo { Id = k.Id, Prefix = k.Prefix, CreatedAt = k.CreatedAt, RevokedAt = k.RevokedAt }).ToList(),
        }
        : null;

    [LoggerMessage(Level = LogLevel.Information, Message = "Tenant {Tenant} created")]
    private static partial void LogCreated(ILogger logger, string tenant);

    [LoggerMessage(Level = LogLevel.Information, Message = "Tenant {Tenant} deleted; its keys are revoked")]
    private static partial void LogDeleted(ILogger logger, string tenant);

    [LoggerMessage(Level = LogLevel.Information, Message = "Tenant {Tenant}: key {KeyId} created")]
    private static partial void LogKeyCreated(ILogger logger, string tenant, string keyId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Tenant {Tenant}: key {KeyId} revoked")]
    private static partial void LogKeyRevoked(ILogger logger, string tenant, string keyId);
}
