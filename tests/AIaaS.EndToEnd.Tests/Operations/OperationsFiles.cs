using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AIaaS.Testing;
using YamlDotNet.RepresentationModel;

namespace AIaaS.EndToEnd.Tests.Operations;

/// <summary>
/// The SRE files of this repository as the tests read them: Grafana dashboards, Prometheus rule
/// and rule-test files, and every metric name they use.
/// </summary>
internal static partial class OperationsFiles
{
    public static string PrometheusDirectory => Path.Combine(RepositoryPaths.Root, "dashboards", "prometheus");

    public static string GrafanaDirectory => Path.Combine(RepositoryPaths.Root, "dashboards", "grafana");

    public static IReadOnlyList<string> RuleFiles => Directory.GetFiles(PrometheusDirectory, "*.rules.yml").Order(StringComparer.Ordinal).ToList();

    public static IReadOnlyList<string> RuleTestFiles => Directory.GetFiles(PrometheusDirectory, "*.rules.test.yml").Order(StringComparer.Ordinal).ToList();

    public static IReadOnlyList<string> Dashboards => Directory.GetFiles(GrafanaDirectory, "*.json").Order(StringComparer.Ordinal).ToList();

    public static YamlMappingNode LoadYaml(string path)
    {
        var stream = new YamlStream();
        using var reader = new StreamReader(path);
        stream.Load(reader);
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }

    /// <summary>Every rule of every rule file: (group, record or alert name, is an alert, expression).</summary>
    public static IReadOnlyList<PrometheusRule> Rules() =>
        RuleFiles.SelectMany(file => ((YamlSequenceNode)LoadYaml(file)["groups"]).Cast<YamlMappingNode>()
            .SelectMany(group => ((YamlSequenceNode)group["rules"]).Cast<YamlMappingNode>()
                .Select(rule => rule.Children.TryGetValue("alert", out var alert)
                    ? new PrometheusRule(((YamlScalarNode)alert).Value!, true, Scalar(rule, "expr"))
                    : new PrometheusRule(Scalar(rule, "record"), false, Scalar(rule, "expr")))))
            .ToList();

    /// <summary>Alert names some test of a rule-test file expects to fire (a non-empty <c>exp_alerts</c>).</summary>
    public static IReadOnlySet<string> AlertsFiredByTests() =>
        RuleTestFiles.SelectMany(file => ((YamlSequenceNode)LoadYaml(file)["tests"]).Cast<YamlMappingNode>())
            .Where(test => test.Children.ContainsKey("alert_rule_test"))
            .SelectMany(test => ((YamlSequenceNode)test["alert_rule_test"]).Cast<YamlMappingNode>())
            .Where(check => check["exp_alerts"] is YamlSequenceNode { Children.Count: > 0 })
            .Select(check => Scalar(check, "alertname"))
            .ToHashSet(StringComparer.Ordinal);

    /// <summary>Every panel query of every dashboard: (dashboard file, panel title, PromQL as written).</summary>
    public static IReadOnlyList<DashboardQuery> PanelQueries() =>
        Dashboards.SelectMany(file => (JsonNode.Parse(File.ReadAllText(file))!["panels"]!.AsArray())
            .SelectMany(panel => panel!["targets"]!.AsArray()
                .Select(target => new DashboardQuery(Path.GetFileName(file), panel["title"]!.GetValue<string>(), target!["expr"]!.GetValue<string>()))))
            .ToList();

    /// <summary>
    /// A dashboard expression as Prometheus can run it: Grafana's variables replaced the way
    /// Grafana would with "All" selected and a one-minute rate interval.
    /// </summary>
    public static string Concrete(string expression) => expression
        .Replace("$__rate_interval", "1m", StringComparison.Ordinal)
        .Replace("$model", ".+", StringComparison.Ordinal)
        .Replace("$version", ".+", StringComparison.Ordinal)
        .Replace("$tenant", ".+", StringComparison.Ordinal);

    /// <summary>
    /// Every exported metric name (<c>aiaas_*</c>, <c>orleans_*</c>) the dashboards, rules and
    /// rule tests use, with the histogram and counter suffixes Prometheus adds kept: those are
    /// the names a scrape must show.
    /// </summary>
    public static IReadOnlySet<string> MetricNames()
    {
        var texts = Dashboards.Concat(RuleFiles).Concat(RuleTestFiles).Select(File.ReadAllText);
        return texts.SelectMany(text => MetricName().Matches(text).Select(m => m.Value)).ToHashSet(StringComparer.Ordinal);
    }

    private static string Scalar(YamlMappingNode node, string key) => ((YamlScalarNode)node[key]).Value!;

    // Recording rules are named aiaas:...: the colon keeps them out of this match.
    [GeneratedRegex(@"(?<![\w:])(aiaas|orleans)_[a-z0-9_]+(?![\w:])")]
    private static partial Regex MetricName();
}
