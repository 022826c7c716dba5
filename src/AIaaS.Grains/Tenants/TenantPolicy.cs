using AIaaS.Tenants;

namespace AIaaS.Grains.Tenants;

/// <summary>What a front enforces for one tenant: who it is, which models it may use, its quotas and rights.</summary>
internal sealed record TenantPolicy(string Tenant, TenantDefinition Definition, long Revision)
{
    /// <summary>Whether the tenant may use <paramref name="model"/>: an exact name or a <c>*</c>-pattern matches.</summary>
    public bool IsEntitled(string model)
    {
        foreach (var pattern in Definition.Models)
        {
            if (ModelPattern.Matches(pattern, model))
            {
                return true;
            }
        }

        return false;
    }

    public bool IsAdmin => Definition.Admin;
}
