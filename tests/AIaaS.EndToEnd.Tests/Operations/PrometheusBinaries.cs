namespace AIaaS.EndToEnd.Tests.Operations;

/// <summary>
/// Finds <c>prometheus</c> and <c>promtool</c> on the PATH (Debian's <c>prometheus</c> package
/// brings both; scripts/test installs it). Tests that need them are skipped, saying so, where
/// they are absent, unless <see cref="RequireToolsVariable"/> is 1: scripts/test sets it, since it
/// installs them, so a run there that lacks them fails instead of passing with tests unrun.
/// </summary>
internal static class PrometheusBinaries
{
    public const string RequireToolsVariable = "AIAAS_REQUIRE_TOOLS";

    public const string MissingMessage = "prometheus and promtool are not on the PATH: install them (sudo apt-get install -y prometheus) or run scripts/test, which does";

    public static string? Prometheus { get; } = Find("prometheus");

    public static string? Promtool { get; } = Find("promtool");

    public static bool Present => Prometheus is not null && Promtool is not null;

    /// <summary>Returns when both binaries are here; else skips the test, or fails it where tools are required.</summary>
    public static void SkipUnlessPresent() => SkipUnlessPresent(Present, Environment.GetEnvironmentVariable(RequireToolsVariable));

    internal static void SkipUnlessPresent(bool present, string? requireTools)
    {
        if (present)
        {
            return;
        }

        if (requireTools == "1")
        {
            Assert.Fail($"{MissingMessage} ({RequireToolsVariable}=1: a missing tool fails the test rather than skip it)");
        }

        Skip.If(true, MissingMessage);
    }

    private static string? Find(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);
}
