namespace AIaaS.EndToEnd.Tests.Operations;

/// <summary>
/// Finds <c>prometheus</c> and <c>promtool</c> on the PATH (Debian's <c>prometheus</c> package
/// brings both; scripts/test installs it). Tests that need them are skipped, saying so, where
/// they are absent.
/// </summary>
internal static class PrometheusBinaries
{
    public const string MissingMessage = "prometheus and promtool are not on the PATH: install them (sudo apt-get install -y prometheus) or run scripts/test, which does";

    public static string? Prometheus { get; } = Find("prometheus");

    public static string? Promtool { get; } = Find("promtool");

    public static bool Present => Prometheus is not null && Promtool is not null;

    private static string? Find(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);
}
