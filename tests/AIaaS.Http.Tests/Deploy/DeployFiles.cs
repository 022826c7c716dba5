using AIaaS.Testing;
using YamlDotNet.RepresentationModel;

namespace AIaaS.Http.Tests.Deploy;

/// <summary>deploy/ as the manifest tests read it: every YAML document of the Kubernetes manifests and the compose file.</summary>
internal static class DeployFiles
{
    public static string Directory => Path.Combine(RepositoryPaths.Root, "deploy");

    public static IReadOnlyList<string> KubernetesFiles =>
        System.IO.Directory.GetFiles(Path.Combine(Directory, "kubernetes"), "*.yaml").Order(StringComparer.Ordinal).ToList();

    public static string ComposeFile => Path.Combine(Directory, "compose.yaml");

    /// <summary>Every document of every Kubernetes manifest, with its file name.</summary>
    public static IReadOnlyList<(string File, YamlMappingNode Document)> KubernetesDocuments() =>
        KubernetesFiles.SelectMany(file => Load(file).Select(d => (Path.GetFileName(file), d))).ToList();

    public static YamlMappingNode Compose() => Load(ComposeFile).Single();

    /// <summary>The containers of every workload (Deployment, StatefulSet) with the workload's name and pod spec.</summary>
    public static IReadOnlyList<KubernetesContainer> Containers() =>
        KubernetesDocuments()
            .Where(d => Text(d.Document, "kind") is "Deployment" or "StatefulSet")
            .SelectMany(d =>
            {
                var podSpec = Map(Map(Map(d.Document, "spec"), "template"), "spec");
                var pod = Map(Map(Map(d.Document, "spec"), "template"), "metadata");
                return Seq(podSpec, "containers").Cast<YamlMappingNode>()
                    .Select(c => new KubernetesContainer(d.File, Text(Map(d.Document, "metadata"), "name"), pod, podSpec, c));
            })
            .ToList();

    /// <summary>A compose mapping with its YAML merge keys (<c>&lt;&lt;: *anchor</c>) applied.</summary>
    public static IReadOnlyDictionary<string, string> Merged(YamlMappingNode mapping)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in mapping.Children)
        {
            if (((YamlScalarNode)key).Value == "<<")
            {
                foreach (var (k, v) in Merged((YamlMappingNode)value))
                {
                    result.TryAdd(k, v);
                }
            }
        }

        foreach (var (key, value) in mapping.Children)
        {
            if (((YamlScalarNode)key).Value is { } name && name != "<<")
            {
                result[name] = ((YamlScalarNode)value).Value ?? "";
            }
        }

        return result;
    }

    public static YamlMappingNode Map(YamlMappingNode node, string key) => (YamlMappingNode)node[key];

    public static YamlSequenceNode Seq(YamlMappingNode node, string key) => (YamlSequenceNode)node[key];

    public static string Text(YamlMappingNode node, string key) => ((YamlScalarNode)node[key]).Value ?? "";

    public static YamlMappingNode? TryMap(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(key, out var value) ? value as YamlMappingNode : null;

    private static List<YamlMappingNode> Load(string path)
    {
        var stream = new YamlStream();
        using var reader = new StreamReader(path);
        stream.Load(reader);
        return stream.Documents.Select(d => (YamlMappingNode)d.RootNode).ToList();
    }
}
