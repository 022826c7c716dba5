using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using AIaaS.Cli.Remote;
using AIaaS.Errors;
using Spectre.Console;

namespace AIaaS.Cli.Commands;

/// <summary>
/// <c>aiaas sessions list|show|end</c>: the open sessions of stateful models, through a front
/// silo's admin API (<c>/admin/sessions</c>).
/// </summary>
internal static class SessionsCommand
{
    public static Command Create()
    {
        var command = new Command("sessions", "List, show and end sessions of stateful models (admin)");
        command.Subcommands.Add(List());
        command.Subcommands.Add(Single("show", "Show one session: model, pinned version, next step, last stored step, silo", HttpMethod.Get));
        command.Subcommands.Add(Single("end", "End a session and forget its state", HttpMethod.Delete));
        return command;
    }

    private static Command List()
    {
        var url = FrontUrl.Create();
        var tenant = new Option<string?>("--tenant") { Description = "Only this tenant's sessions" };
        var model = new Option<string?>("--model") { Description = "Only sessions of this model" };
        var json = new Option<bool>("--json") { Description = "Print the document /admin/sessions answers" };
        var command = new Command("list", "List the open sessions active in the cluster");
        command.Options.Add(url);
        command.Options.Add(tenant);
        command.Options.Add(model);
        command.Options.Add(json);
        command.SetAction((result, ct) =>
        {
            var query = new List<string>();
            if (result.GetValue(tenant) is { } t)
            {
                query.Add("tenant=" + Uri.EscapeDataString(t));
            }

            if (result.GetValue(model) is { } m)
            {
                query.Add("model=" + Uri.EscapeDataString(m));
            }

            var path = "admin/sessions" + (query.Count > 0 ? "?" + string.Join('&', query) : "");
            return RunAsync(result.GetValue(url)!, HttpMethod.Get, path, result.GetValue(json) ? PrintRaw : PrintTable, ct);
        });
        return command;
    }

    private static Command Single(string name, string description, HttpMethod method)
    {
        var url = FrontUrl.Create();
        var tenant = new Option<string>("--tenant") { Description = "The session's tenant", DefaultValueFactory = _ => "default" };
        var id = new Argument<string>("session-id") { Description = "The session's id (the sequence_id)" };
        var command = new Command(name, description);
        command.Options.Add(url);
        command.Options.Add(tenant);
        command.Arguments.Add(id);
        command.SetAction((result, ct) => RunAsync(result.GetValue(url)!, method,
            $"admin/sessions/{Uri.EscapeDataString(result.GetValue(tenant)!)}/{Uri.EscapeDataString(result.GetValue(id)!)}", PrintRaw, ct));
        return command;
    }

    private static async Task<int> RunAsync(Uri baseUrl, HttpMethod method, string path, Action<string> print, CancellationToken cancellationToken)
    {
        try
        {
            var (_, body) = await AdminHttp.SendAsync(baseUrl, method, path, cancellationToken).ConfigureAwait(false);
            print(body);
            return 0;
        }
        catch (InferenceException ex)
        {
            return CliOutput.Fail(ex.Message);
        }
    }

    private static void PrintRaw(string body)
    {
        var writer = CliOutput.Out.Profile.Out.Writer;
        writer.WriteLine(body);
        writer.Flush();
    }

    private static void PrintTable(string body)
    {
        using var document = JsonDocument.Parse(body);
        var sessions = document.RootElement.GetProperty("sessions").EnumerateArray().ToList();
        var table = new Table().AddColumns("tenant", "session", "model", "version", "next step", "stored through", "last step", "silo");
        foreach (var s in sessions)
        {
            table.AddRow(
                Markup.Escape(s.GetProperty("tenant").GetString()!),
                Markup.Escape(s.GetProperty("session_id").GetString()!),
                Markup.Escape(s.GetProperty("model").GetString()!),
                s.GetProperty("version").GetInt32().ToString(CultureInfo.InvariantCulture),
                s.GetProperty("next_number").GetInt64().ToString(CultureInfo.InvariantCulture),
                s.GetProperty("checkpointed_number").GetInt64().ToString(CultureInfo.InvariantCulture),
                Markup.Escape(s.GetProperty("last_step_at").GetDateTimeOffset().ToString("u", CultureInfo.InvariantCulture)),
                Markup.Escape(s.GetProperty("silo").GetString()!));
        }

        CliOutput.Out.MarkupLine(Markup.Escape($"{sessions.Count} open session{(sessions.Count == 1 ? "" : "s")}"));
        CliOutput.Out.Write(table);
    }
}
