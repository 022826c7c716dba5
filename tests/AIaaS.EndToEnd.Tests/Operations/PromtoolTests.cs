using System.Diagnostics;
using System.Text.Json.Nodes;

namespace AIaaS.EndToEnd.Tests.Operations;

/// <summary>
/// The rule files and dashboards on their own, without a cluster: promtool's checks and unit
/// tests, an alert test for every alert, and dashboards a Grafana of any installation can load.
/// </summary>
public sealed class PromtoolTests
{
    [SkippableFact(Timeout = 60_000)]
    public async Task CheckRules_EveryRuleFile_Succeeds()
    {
        PrometheusBinaries.SkipUnlessPresent();
        foreach (var file in OperationsFiles.RuleFiles)
        {
            var (code, output) = await RunPromtoolAsync("check", "rules", file);
            Assert.True(code == 0, $"promtool check rules {file} exited {code}:\n{output}");
        }
    }

    [SkippableFact(Timeout = 60_000)]
    public async Task TestRules_EveryRuleTestFile_Succeeds()
    {
        PrometheusBinaries.SkipUnlessPresent();
        Assert.NotEmpty(OperationsFiles.RuleTestFiles);
        foreach (var file in OperationsFiles.RuleTestFiles)
        {
            var (code, output) = await RunPromtoolAsync("test", "rules", file);
            Assert.True(code == 0, $"promtool test rules {file} exited {code}:\n{output}");
        }
    }

    [SkippableFact(Timeout = 60_000)]
    public async Task CheckConfig_ScrapeConfiguration_Succeeds()
    {
        PrometheusBinaries.SkipUnlessPresent();
        var (code, output) = await RunPromtoolAsync("check", "config", Path.Combine(OperationsFiles.PrometheusDirectory, "prometheus.yml"));
        Assert.True(code == 0, $"promtool check config exited {code}:\n{output}");
    }

    [Fact]
    public void AlertRules_EachAlert_HasAPromtoolTestThatFiresIt()
    {
        var alerts = OperationsFiles.Rules().Where(r => r.IsAlert).Select(r => r.Name).ToList();
        Assert.NotEmpty(alerts);
        var tested = OperationsFiles.AlertsFiredByTests();
        var untested = alerts.Where(a => !tested.Contains(a)).ToList();
        Assert.True(untested.Count == 0, $"alerts without a promtool test that fires them: {string.Join(", ", untested)}");
    }

    [Fact]
    public void AlertRules_EachAlert_HasARunbookSectionInOperationsGuide()
    {
        var guide = File.ReadAllText(Path.Combine(AIaaS.Testing.RepositoryPaths.Root, "docs", "operations.md"));
        var missing = OperationsFiles.Rules().Where(r => r.IsAlert).Select(r => r.Name)
            .Where(name => !guide.Contains($"### {name}\n", StringComparison.Ordinal))
            .ToList();
        Assert.True(missing.Count == 0, $"alerts without a '### Name' runbook section in docs/operations.md: {string.Join(", ", missing)}");
    }

    [Fact]
    public void Dashboards_EveryPanel_UsesTheDatasourceVariableAndNoFixedUid()
    {
        Assert.NotEmpty(OperationsFiles.Dashboards);
        foreach (var file in OperationsFiles.Dashboards)
        {
            var dashboard = JsonNode.Parse(File.ReadAllText(file))!;
            var variables = dashboard["templating"]!["list"]!.AsArray();
            Assert.Contains(variables, v => v!["name"]!.GetValue<string>() == "datasource" && v["type"]!.GetValue<string>() == "datasource");
            foreach (var panel in dashboard["panels"]!.AsArray())
            {
                var title = panel!["title"]!.GetValue<string>();
                Assert.True(panel["datasource"]!["uid"]!.GetValue<string>() == "${datasource}", $"{Path.GetFileName(file)}: panel '{title}' has a fixed datasource");
                Assert.All(panel["targets"]!.AsArray(), t => Assert.Equal("${datasource}", t!["datasource"]!["uid"]!.GetValue<string>()));
                Assert.NotEmpty(panel["targets"]!.AsArray());
            }
        }
    }

    private static async Task<(int Code, string Output)> RunPromtoolAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo(PrometheusBinaries.Promtool!)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = OperationsFiles.PrometheusDirectory,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }
}
