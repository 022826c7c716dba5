using YamlDotNet.RepresentationModel;

namespace AIaaS.Http.Tests.Deploy;

/// <summary>One container of one workload in deploy/kubernetes, with its pod's metadata and spec.</summary>
internal sealed record KubernetesContainer(string File, string Workload, YamlMappingNode PodMetadata, YamlMappingNode PodSpec, YamlMappingNode Container)
{
    public string Image => DeployFiles.Text(Container, "image");

    public bool IsSilo => Image.StartsWith("aiaas-silo:", StringComparison.Ordinal);

    /// <summary>Literal environment variables; those from the downward API have a placeholder value.</summary>
    public IReadOnlyDictionary<string, string> Environment =>
        Container.Children.TryGetValue("env", out var env)
            ? ((YamlSequenceNode)env).Cast<YamlMappingNode>().ToDictionary(
                e => DeployFiles.Text(e, "name"),
                e => e.Children.ContainsKey("value") ? DeployFiles.Text(e, "value") : "(from the pod)",
                StringComparer.Ordinal)
            : new Dictionary<string, string>(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, int> Ports =>
        DeployFiles.Seq(Container, "ports").Cast<YamlMappingNode>().ToDictionary(
            p => DeployFiles.Text(p, "name"),
            p => int.Parse(DeployFiles.Text(p, "containerPort"), System.Globalization.CultureInfo.InvariantCulture),
            StringComparer.Ordinal);
}
