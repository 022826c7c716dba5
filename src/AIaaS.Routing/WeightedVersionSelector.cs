using AIaaS.Models;

namespace AIaaS.Routing;

/// <summary>Picks a version for a request that names none, in proportion to the versions' traffic weights.</summary>
internal static class WeightedVersionSelector
{
    /// <returns>An index into <paramref name="versions"/>, or -1 when no version has weight.</returns>
    public static int Choose(IReadOnlyList<RoutedVersion> versions, Random random)
    {
        var total = 0;
        foreach (var version in versions)
        {
            total += version.Weight;
        }

        if (total <= 0)
        {
            return -1;
        }

        var draw = random.Next(total);
        for (var i = 0; i < versions.Count; i++)
        {
            draw -= versions[i].Weight;
            if (draw < 0)
            {
                return i;
            }
        }

        return versions.Count - 1;
    }
}
