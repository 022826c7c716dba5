namespace AIaaS.Tenants;

/// <summary>What an admin sets on a tenant: its name, entitlements, quotas, priority and rights.</summary>
[GenerateSerializer, Immutable, Alias("aiaas.tenant-definition")]
public sealed record TenantDefinition
{
    /// <summary>Display name.</summary>
    [Id(0)] public string Name { get; init; } = "";

    /// <summary>Model names or <c>*</c>-patterns (<c>ppocr-*</c>, <c>*</c>) the tenant may use.</summary>
    [Id(1)] public IReadOnlyList<string> Models { get; init; } = [];

    [Id(2)] public TenantQuotas Quotas { get; init; } = TenantQuotas.Unlimited;

    /// <summary>Priority level its requests get in a model's queue when they name none (1 highest); 0 leaves the model's default.</summary>
    [Id(3)] public int Priority { get; init; }

    /// <summary>Admin rights: load and unload models, manage tenants and keys, read every tenant's usage and the cluster.</summary>
    [Id(4)] public bool Admin { get; init; }
}
