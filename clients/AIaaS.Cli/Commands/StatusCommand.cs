using System.CommandLine;
using AIaaS.Cli.Remote;
using AIaaS.Errors;
using Spectre.Console;

namespace AIaaS.Cli.Commands;

/// <summary>
/// <c>aiaas status [--url URL] [--json]</c>: the cluster as a front silo sees it
/// (<c>GET /admin/cluster</c>): a table of silos and a table of replicas, or the raw document.
/// </summary>
internal static class StatusCommand
{
    public static Command Create()
    {
        var url = FrontUrl.Create();
        var json = new Option<bool>("--json")
        {
            Description = "Print the document /admin/cluster answers instead of tables",
        };

        var apiKey = ApiKeyOption.Create();

        var command = new Command("status", "Show the cluster's silos (role, accelerator, GPUs, status) and where each model replica runs");
        command.Options.Add(url);
        command.Options.Add(json);
        command.Options.Add(apiKey);
        command.SetAction((result, cancellationToken) => RunAsync(result.GetValue(url)!, result.GetValue(json), ApiKeyOption.Read(result, apiKey), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(Uri baseUrl, bool json, string? apiKey, CancellationToken cancellationToken)
    {
        ClusterView view;
        string document;
        try
        {
            (view, document) = await AdminHttp.GetClusterAsync(baseUrl, cancellationToken, apiKey).ConfigureAwait(false);
        }
        catch (InferenceException ex)
        {
            return CliOutput.Fail(ex.Message);
        }

        if (json)
        {
            // Raw, not Spectre text: the document is for other programs and must not be wrapped.
            var writer = CliOutput.Out.Profile.Out.Writer;
            writer.WriteLine(document);
            writer.Flush();
            return 0;
        }

        Print(baseUrl, view);
        return 0;
    }

    private static void Print(Uri baseUrl, ClusterView view)
    {
        var output = CliOutput.Out;
        var replicas = view.Silos
            .SelectMany(s => s.Replicas.Select(r => (Replica: r, s.Address)))
            .OrderBy(r => r.Replica.Model, StringComparer.Ordinal)
            .ThenBy(r => r.Replica.Version)
            .ThenBy(r => r.Replica.Index)
            .ThenBy(r => r.Address, StringComparer.Ordinal)
            .ToList();
        var active = view.Silos.Count(s => s.Status == "active");
        output.MarkupLine(Markup.Escape(
            $"cluster at {baseUrl.AbsoluteUri.TrimEnd('/')}: {Count(view.Silos.Count, "silo")} ({active} active), {Count(replicas.Count, "replica")}"));

        var silos = new Table()
            .AddColumn("address")
            .AddColumn("name")
            .AddColumn("role")
            .AddColumn("accelerator")
            .AddColumn(new TableColumn("GPUs").RightAligned())
            .AddColumn(new TableColumn("GPU MiB").RightAligned())
            .AddColumn("status")
            .AddColumn(new TableColumn("replicas").RightAligned());
        foreach (var silo in view.Silos)
        {
            silos.AddRow(
                Markup.Escape(silo.Address),
                Markup.Escape(silo.Name),
                Markup.Escape(silo.Role),
                Markup.Escape(silo.Accelerator),
                $"{silo.GpuCount}",
                $"{silo.GpuMemoryMb}",
                Status(silo.Status),
                $"{silo.Replicas.Count}");
        }

        output.Write(silos);
        if (replicas.Count == 0)
        {
            output.MarkupLine("no replicas: none is placed yet (a model's replicas activate when it loads or on its first request)");
            return;
        }

        var table = new Table()
            .AddColumn("model")
            .AddColumn(new TableColumn("version").RightAligned())
            .AddColumn(new TableColumn("index").RightAligned())
            .AddColumn("silo");
        foreach (var (replica, address) in replicas)
        {
            table.AddRow(Markup.Escape(replica.Model), $"{replica.Version}", $"{replica.Index}", Markup.Escape(address));
        }

        output.Write(table);
    }

    private static string Status(string status) => status switch
    {
        "active" => "[green]active[/]",
        "dead" => "[red]dead[/]",
        _ => $"[yellow]{Markup.Escape(status)}[/]",
    };

    private static string Count(int count, string noun) => count == 1 ? $"1 {noun}" : $"{count} {noun}s";
}
