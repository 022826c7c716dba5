using AIaaS.Models;

namespace AIaaS.Repository;

/// <summary>Which versions of a model its <c>version_policy</c> serves, with Triton's meanings.</summary>
internal static class VersionSelection
{
    /// <summary>
    /// The versions among <paramref name="available"/> that <paramref name="policy"/> selects,
    /// ascending: the newest N for <c>latest</c> (no policy means the newest one), every one for
    /// <c>all</c>, the listed ones that are present for <c>specific</c>. Listed versions that are
    /// absent are not invented; <see cref="Missing"/> names them.
    /// </summary>
    public static IReadOnlyList<int> Select(VersionPolicy? policy, IEnumerable<int> available)
    {
        ArgumentNullException.ThrowIfNull(available);
        var sorted = available.Distinct().Order().ToArray();
        if (policy?.All is not null)
        {
            return sorted;
        }

        if (policy?.Specific is { } specific)
        {
            return [.. sorted.Where(v => specific.Versions.Contains(v))];
        }

        var count = Math.Max(policy?.Latest?.NumVersions ?? 1, 0);
        return sorted[Math.Max(sorted.Length - count, 0)..];
    }

    /// <summary>The artifacts of <paramref name="model"/> its own policy selects, ascending by version.</summary>
    public static IReadOnlyList<ModelVersionArtifact> Select(ModelDefinition model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var selected = Select(model.Config.VersionPolicy, model.Versions.Select(v => v.Version));
        return [.. model.Versions.Where(v => selected.Contains(v.Version)).OrderBy(v => v.Version)];
    }

    /// <summary>Versions a <c>specific</c> policy lists that are not in <paramref name="available"/>; empty for other policies.</summary>
    public static IReadOnlyList<int> Missing(VersionPolicy? policy, IEnumerable<int> available)
    {
        ArgumentNullException.ThrowIfNull(available);
        if (policy?.Specific is not { } specific)
        {
            return [];
        }

        var present = available.ToHashSet();
        return [.. specific.Versions.Distinct().Where(v => !present.Contains(v)).Order()];
    }
}
