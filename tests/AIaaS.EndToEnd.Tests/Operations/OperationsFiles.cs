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

    /// <summary>
    /// Every label name the panel queries and rules use on an exported or recorded series (an
    /// expression that selects none, like <c>up</c>, is not about our series): a label renamed in
    /// the code leaves a grouping silently empty, or a matcher matching nothing, where the metric
    /// names still agree.
    /// </summary>
    public static IReadOnlyList<LabelUse> LabelUses()
    {
        var expressions = PanelQueries().Select(q => ($"{q.Dashboard} / {q.Panel}", q.Expression))
            .Concat(Rules().Select(r => ($"rule {r.Name}", r.Expression)));
        var uses = new List<LabelUse>();
        foreach (var (source, expression) in expressions)
        {
            var metrics = SeriesName().Matches(expression).Select(m => m.Value).Distinct(StringComparer.Ordinal).ToList();
            if (metrics.Count == 0)
            {
                continue;
            }

            foreach (Match selector in Selector().Matches(expression))
            {
                uses.AddRange(MatcherLabel().Matches(selector.Groups["matchers"].Value)
                    .Select(m => new LabelUse(source, m.Groups["label"].Value, [selector.Groups["metric"].Value])));
            }

            foreach (Match grouping in Grouping().Matches(expression))
            {
                uses.AddRange(grouping.Groups["labels"].Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                    .Select(label => new LabelUse(source, label, metrics)));
            }
        }

        return uses.DistinctBy(u => (u.Source, u.Label, string.Join(',', u.Metrics))).ToList();
    }

    private static string Scalar(YamlMappingNode node, string key) => ((YamlScalarNode)node[key]).Value!;

    // Exported names and recorded ones (aiaas:...), as a whole word.
    [GeneratedRegex(@"(?<![\w:])(?:(?:aiaas|orleans)_[a-z0-9_]+|aiaas:[a-z0-9_:]+)(?![\w:])")]
    private static partial Regex SeriesName();

    [GeneratedRegex(@"(?<![\w:])(?<metric>(?:(?:aiaas|orleans)_[a-z0-9_]+|aiaas:[a-z0-9_:]+))\{(?<matchers>[^}]*)\}")]
    private static partial Regex Selector();

    [GeneratedRegex(@"(?<label>[a-zA-Z_][a-zA-Z0-9_]*)\s*(?:=~|!~|!=|=)")]
    private static partial Regex MatcherLabel();

    [GeneratedRegex(@"\b(?:by|without|on|ignoring|group_left|group_right)\s*\((?<labels>[^)]*)\)")]
    private static partial Regex Grouping();

    // Recording rules are named aiaas:...: the colon keeps them out of this match.
    [GeneratedRegex(@"(?<![\w:])(aiaas|orleans)_[a-z0-9_]+(?![\w:])")]
    private static partial Regex MetricName();
}
