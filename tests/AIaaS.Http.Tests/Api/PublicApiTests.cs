using System.Reflection;
using System.Text.RegularExpressions;
using AIaaS.Testing;

namespace AIaaS.Http.Tests.Api;

/// <summary>
/// The public types of the runtime's assemblies are exactly those docs/api.md names: a type made
/// public without a line there, or a documented type that went internal or away, fails here.
/// Nested types follow the type they are declared in, and Orleans' generated serializers
/// (namespace <c>OrleansCodeGen</c>) follow the public types they serve: neither is listed.
/// </summary>
public sealed partial class PublicApiTests
{
    public static TheoryData<string> Assemblies() => new(DocumentedApi().Keys);

    [Fact]
    public void TheDocumentNamesEveryShippedAssembly()
    {
        string[] shipped =
        [
            "AIaaS.Abstractions", "AIaaS.Repository", "AIaaS.Inference", "AIaaS.Routing", "AIaaS.Grains",
            "AIaaS.Classification", "AIaaS.Hosting", "AIaaS.Http", "AIaaS.Client",
        ];

        Assert.Equal(shipped.Order(StringComparer.Ordinal), DocumentedApi().Keys.Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Assemblies))]
    public void PublicTypes_AreTheDocumentedOnes(string assembly)
    {
        var exported = Assembly.Load(assembly).GetExportedTypes()
            .Where(type => !type.IsNested && type.Namespace?.StartsWith("OrleansCodeGen", StringComparison.Ordinal) != true)
            .Select(type => type.FullName!.Split('`')[0])
            .ToHashSet(StringComparer.Ordinal);
        var documented = DocumentedApi()[assembly];

        var undocumented = exported.Except(documented).Order(StringComparer.Ordinal).ToList();
        var notPublic = documented.Except(exported).Order(StringComparer.Ordinal).ToList();
        Assert.True(
            undocumented.Count == 0 && notPublic.Count == 0,
            $"{assembly}: public but not in docs/api.md: [{string.Join(", ", undocumented)}]; in docs/api.md but not public: [{string.Join(", ", notPublic)}]");
    }

    /// <summary>docs/api.md's lists: under each <c>## AssemblyName</c>, one <c>- `Full.Type.Name`</c> line per type.</summary>
    private static Dictionary<string, HashSet<string>> DocumentedApi()
    {
        var api = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        HashSet<string>? current = null;
        foreach (var line in File.ReadLines(Path.Combine(RepositoryPaths.Root, "docs", "api.md")))
        {
            if (AssemblyHeading().Match(line) is { Success: true } heading)
            {
                current = [];
                api.Add(heading.Groups[1].Value, current);
            }
            else if (line.StartsWith("## ", StringComparison.Ordinal))
            {
                current = null;
            }
            else if (current is not null && TypeLine().Match(line) is { Success: true } type)
            {
                current.Add(type.Groups[1].Value);
            }
        }

        return api;
    }

    [GeneratedRegex(@"^## (AIaaS\.[A-Za-z]+)$")]
    private static partial Regex AssemblyHeading();

    [GeneratedRegex(@"^- `(AIaaS\.[A-Za-z0-9_.]+)`")]
    private static partial Regex TypeLine();
}
