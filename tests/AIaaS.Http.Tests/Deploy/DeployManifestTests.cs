using System.Globalization;
using System.Net;
using System.Reflection;
using System.Text.RegularExpressions;
using AIaaS.Hosting;
using AIaaS.Http.Hosting;
using AIaaS.Testing;
using YamlDotNet.RepresentationModel;

namespace AIaaS.Http.Tests.Deploy;

/// <summary>
/// deploy/ checked against the code: every environment variable is a configuration key the silo
/// binds, every probe is a path and port a real silo serves, and images and ports agree across
/// the Kubernetes manifests, the compose file, the Dockerfiles and the Prometheus configuration.
/// </summary>
public sealed partial class DeployManifestTests
{
    private const int HttpPort = 8000;

    // Variables the silo reads that are not AIaaS settings: ASP.NET Core's URLs and NVIDIA's container toolkit.
    private static readonly string[] PlatformVariables = ["ASPNETCORE_URLS", "NVIDIA_VISIBLE_DEVICES", "NVIDIA_DRIVER_CAPABILITIES"];

    [Fact]
    public void EnvironmentVariables_KubernetesAndCompose_EachMapsToAConfigurationKey()
    {
        var keys = ConfigurationKeys();
        var variables = DeployFiles.Containers().Where(c => c.IsSilo).SelectMany(c => c.Environment.Keys.Select(v => ($"{c.File}/{c.Workload}", v)))
            .Concat(ComposeSilos().SelectMany(s => s.Environment.Keys.Select(v => ($"compose.yaml/{s.Name}", v))))
            .Concat(DockerfileVariables())
            .ToList();
        Assert.NotEmpty(variables);

        var unknown = variables.Where(v => !PlatformVariables.Contains(v.Item2) && !keys.Contains(v.Item2.Replace("__", ":", StringComparison.Ordinal))).ToList();
        Assert.True(unknown.Count == 0, $"variables that map to no configuration key: {string.Join(", ", unknown.Select(u => $"{u.Item1}: {u.Item2}"))}");
    }

    [Fact(Timeout = 180_000)]
    public async Task Probes_EverySiloWorkload_ArePathsAndThePortARealSiloServes()
    {
        var silos = DeployFiles.Containers().Where(c => c.IsSilo).ToList();
        Assert.Equal(["aiaas-front", "aiaas-worker-cpu", "aiaas-worker-gpu"], silos.Select(c => c.Workload).Order(StringComparer.Ordinal));
        foreach (var role in silos.Select(c => c.Environment["AIaaS__Role"]).Distinct(StringComparer.Ordinal))
        {
            using var models = new TemporaryDirectory("aiaas-deploy-models");
            using var data = new TemporaryDirectory("aiaas-deploy-data");
            await using var host = await SiloHost.StartAsync(models.Path, data.Path, settings: new Dictionary<string, string> { ["AIaaS:Role"] = role });
            foreach (var container in silos.Where(c => c.Environment["AIaaS__Role"] == role))
            {
                foreach (var probe in new[] { "readinessProbe", "livenessProbe" })
                {
                    var get = DeployFiles.Map(DeployFiles.Map(container.Container, probe), "httpGet");
                    var port = int.Parse(DeployFiles.Text(get, "port"), CultureInfo.InvariantCulture);
                    Assert.True(port == ListenPort(container.Environment["ASPNETCORE_URLS"]), $"{container.Workload} {probe} port {port} is not the HTTP port");
                    Assert.Equal(port, container.Ports["http"]);
                    using var response = await host.Client.GetAsync(DeployFiles.Text(get, "path").TrimStart('/'));
                    Assert.True(response.StatusCode == HttpStatusCode.OK, $"{container.Workload} {probe} {DeployFiles.Text(get, "path")} answered {(int)response.StatusCode} on a {role} silo");
                }
            }
        }
    }

    [Fact]
    public void Ports_KubernetesComposeAndDockerfiles_AgreeWithTheSiloSettings()
    {
        foreach (var container in DeployFiles.Containers().Where(c => c.IsSilo))
        {
            var env = container.Environment;
            Assert.Equal(HttpPort, ListenPort(env["ASPNETCORE_URLS"]));
            Assert.Equal(HttpPort, container.Ports["http"]);
            Assert.Equal(container.Ports["silo"], int.Parse(env["AIaaS__SiloPort"], CultureInfo.InvariantCulture));
            Assert.Equal(container.Ports["gateway"], int.Parse(env["AIaaS__GatewayPort"], CultureInfo.InvariantCulture));
            var annotations = DeployFiles.Map(container.PodMetadata, "annotations");
            Assert.Equal("true", DeployFiles.Text(annotations, "prometheus.io/scrape"));
            Assert.Equal(HttpPort.ToString(CultureInfo.InvariantCulture), DeployFiles.Text(annotations, "prometheus.io/port"));
            Assert.Equal("/metrics", DeployFiles.Text(annotations, "prometheus.io/path"));
            Assert.Equal("aiaas-redis:6379", env["AIaaS__Redis"]);
        }

        var redisService = DeployFiles.KubernetesDocuments().Single(d => DeployFiles.Text(d.Document, "kind") == "Service" && DeployFiles.Text(DeployFiles.Map(d.Document, "metadata"), "name") == "aiaas-redis");
        Assert.Equal("6379", DeployFiles.Text((YamlMappingNode)DeployFiles.Seq(DeployFiles.Map(redisService.Document, "spec"), "ports")[0], "port"));

        foreach (var silo in ComposeSilos())
        {
            Assert.Equal(HttpPort, ListenPort(silo.Environment["ASPNETCORE_URLS"]));
            Assert.Equal("redis:6379", silo.Environment["AIaaS__Redis"]);
        }

        // Prometheus in compose scrapes every silo service at the HTTP port.
        var scrape = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "dashboards", "prometheus", "prometheus.yml"));
        Assert.Equal(ComposeSilos().Select(s => $"{s.Name}:{HttpPort}").Order(StringComparer.Ordinal), TargetPattern().Matches(scrape).Select(m => m.Groups[1].Value).Order(StringComparer.Ordinal));

        foreach (var flavour in new[] { "cpu", "gpu" })
        {
            var dockerfile = File.ReadAllText(Path.Combine(DeployFiles.Directory, "docker", $"{flavour}.Dockerfile"));
            Assert.Contains($"EXPOSE {HttpPort} 11111 30000", dockerfile, StringComparison.Ordinal);
            Assert.Contains($"ASPNETCORE_URLS=http://+:{HttpPort}", dockerfile, StringComparison.Ordinal);
            Assert.Contains($"RUN sh deploy/publish.sh {flavour} /out", dockerfile, StringComparison.Ordinal);
            Assert.Contains("USER app", dockerfile, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Images_KubernetesAndCompose_AreTheImagesTheBuildScriptTags()
    {
        // deploy/build-images.sh tags aiaas-silo:cpu and aiaas-silo:gpu from deploy/docker/{cpu,gpu}.Dockerfile.
        var script = File.ReadAllText(Path.Combine(DeployFiles.Directory, "build-images.sh"));
        Assert.Contains("prefix=${1:-aiaas-silo}", script, StringComparison.Ordinal);
        Assert.Contains("\"deploy/docker/$flavour.Dockerfile\" -t \"$prefix:$flavour\"", script, StringComparison.Ordinal);
        string[] built = ["aiaas-silo:cpu", "aiaas-silo:gpu"];

        var containers = DeployFiles.Containers().Where(c => c.IsSilo).ToList();
        Assert.All(containers, c => Assert.Contains(c.Image, built));
        Assert.All(ComposeSilos(), s => Assert.Contains(s.Image, built));

        // GPU workers: the GPU image, a GPU each, on GPU nodes; nothing else asks for a GPU.
        foreach (var container in containers)
        {
            var limits = DeployFiles.TryMap(DeployFiles.TryMap(container.Container, "resources") ?? new YamlMappingNode(), "limits");
            var gpus = limits is not null && limits.Children.ContainsKey("nvidia.com/gpu");
            Assert.True(gpus == (container.Image == "aiaas-silo:gpu"), $"{container.Workload}: image {container.Image}, nvidia.com/gpu limit {gpus}");
            if (gpus)
            {
                Assert.Equal("true", DeployFiles.Text(DeployFiles.Map(container.PodSpec, "nodeSelector"), "nvidia.com/gpu.present"));
                Assert.Contains(DeployFiles.Seq(container.PodSpec, "tolerations").Cast<YamlMappingNode>(), t => DeployFiles.Text(t, "key") == "nvidia.com/gpu");
            }
        }

        Assert.Equal("aiaas-silo:gpu", ComposeSilos().Single(s => s.Name == "worker-gpu").Image);
    }

    [Fact]
    public void Workloads_Kubernetes_HaveDisruptionBudgetsGracefulStopAndWorkerAutoscaling()
    {
        var documents = DeployFiles.KubernetesDocuments();
        var budgets = documents.Where(d => DeployFiles.Text(d.Document, "kind") == "PodDisruptionBudget")
            .Select(d => DeployFiles.Text(DeployFiles.Map(DeployFiles.Map(DeployFiles.Map(d.Document, "spec"), "selector"), "matchLabels"), "app.kubernetes.io/name"))
            .ToHashSet(StringComparer.Ordinal);
        foreach (var container in DeployFiles.Containers().Where(c => c.IsSilo))
        {
            Assert.Contains(container.Workload, budgets);
            Assert.True(int.Parse(DeployFiles.Text(container.PodSpec, "terminationGracePeriodSeconds"), CultureInfo.InvariantCulture) >= 30);
            Assert.Equal("1654", DeployFiles.Text(DeployFiles.Map(container.PodSpec, "securityContext"), "runAsUser"));
        }

        var scaled = documents.Single(d => DeployFiles.Text(d.Document, "kind") == "ScaledObject");
        var spec = DeployFiles.Map(scaled.Document, "spec");
        Assert.Equal("aiaas-worker-cpu", DeployFiles.Text(DeployFiles.Map(spec, "scaleTargetRef"), "name"));
        var trigger = (YamlMappingNode)DeployFiles.Seq(spec, "triggers")[0];
        var query = DeployFiles.Text(DeployFiles.Map(trigger, "metadata"), "query");
        // A per-replica ratio scales by Value; AverageValue would ignore how many workers there are.
        Assert.Equal("Value", DeployFiles.Text(trigger, "metricType"));
        // The query is a recording rule of dashboards/prometheus, which PrometheusClusterTests evaluates on a real cluster.
        var rules = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "dashboards", "prometheus", "aiaas.rules.yml"));
        Assert.Contains($"- record: {query}\n", rules, StringComparison.Ordinal);
    }

    /// <summary>Every configuration key the silo binds: AIaaS:* from its options classes, by reflection.</summary>
    private static HashSet<string> ConfigurationKeys()
    {
        var keys = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        AddKeys(keys, AIaaSSiloOptions.SectionName, typeof(AIaaSSiloOptions));
        AddKeys(keys, AIaaSHttpOptions.SectionName, typeof(AIaaSHttpOptions));
        return keys;
    }

    private static void AddKeys(HashSet<string> keys, string prefix, Type type)
    {
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite))
        {
            var key = $"{prefix}:{property.Name}";
            var propertyType = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            if (propertyType.IsClass && propertyType != typeof(string))
            {
                AddKeys(keys, key, propertyType);
            }
            else
            {
                keys.Add(key);
            }
        }
    }

    private static IEnumerable<(string, string)> DockerfileVariables() =>
        new[] { "cpu", "gpu" }.SelectMany(flavour => DockerfileEnv().Matches(File.ReadAllText(Path.Combine(DeployFiles.Directory, "docker", $"{flavour}.Dockerfile")))
            .Select(m => ($"{flavour}.Dockerfile", m.Groups[1].Value)));

    private static IReadOnlyList<ComposeSilo> ComposeSilos() =>
        DeployFiles.Map(DeployFiles.Compose(), "services").Children
            .Select(s => (Name: ((YamlScalarNode)s.Key).Value!, Service: (YamlMappingNode)s.Value))
            .Where(s => DeployFiles.Text(s.Service, "image").StartsWith("aiaas-silo:", StringComparison.Ordinal))
            .Select(s => new ComposeSilo(s.Name, DeployFiles.Text(s.Service, "image"), DeployFiles.Merged(DeployFiles.Map(s.Service, "environment"))))
            .ToList();

    private static int ListenPort(string urls) => new Uri(urls.Replace("+", "localhost", StringComparison.Ordinal)).Port;

    [GeneratedRegex(@"""([a-z-]+:\d+)""")]
    private static partial Regex TargetPattern();

    // ENV lines and their continuations: "    NAME=value \".
    [GeneratedRegex(@"^(?:ENV\s+|\s+)([A-Za-z_][A-Za-z0-9_]*)=", RegexOptions.Multiline)]
    private static partial Regex DockerfileEnv();

    private sealed record ComposeSilo(string Name, string Image, IReadOnlyDictionary<string, string> Environment);
}
