using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Spectre.Console;

namespace AIaaS.Cli.Commands;

/// <summary>
/// <c>aiaas usage [--tenant T] [--from ISO] [--to ISO] [--csv]</c>: <c>GET /admin/usage</c>;
/// with a tenant's own key, that tenant's usage.
/// </summary>
internal static class UsageCommand
{
    public static Command Create()
    {
        var admin = new AdminOptions();
        var tenant = new Option<string?>("--tenant") { Description = "One tenant (default: every tenant for an admin, one's own otherwise)" };
        var from = new Option<string?>("--from") { Description = "First hour, ISO 8601 (2026-12-01T00:00:00Z)" };
        var to = new Option<string?>("--to") { Description = "End, ISO 8601, exclusive" };
        var csv = new Option<bool>("--csv") { Description = "Print CSV (the server's format=csv)" };
        var command = new Command("usage", "Usage by tenant, model, version and hour: requests, failures, items, compute seconds, bytes") { tenant, from, to, csv };
        admin.AddTo(command);
        command.SetAction(async (result, ct) =>
        {
            using var api = admin.Connect(result);

            var query = new List<string>();
            Add(query, "tenant", result.GetValue(tenant));
            Add(query, "from", result.GetValue(from));
            Add(query, "to", result.GetValue(to));
            if (result.GetValue(csv))
            {
                Add(query, "format", "csv");
            }

            var path = "admin/usage" + (query.Count > 0 ? "?" + string.Join('&', query) : "");
            return await TenantsCommand.RunAsync(admin, result, async () =>
            {
                var text = await api.SendAsync(HttpMethod.Get, path, null, ct);
                return (text, () =>
                {
                    if (result.GetValue(csv))
                    {
                        AdminOptions.PrintRaw(text.TrimEnd('\n'));
                        return;
                    }

                    Print(TenantsCommand.Parse(text).GetProperty("usage").EnumerateArray().ToList());
                });
            });
        });
        return command;
    }

    private static void Add(List<string> query, string name, string? value)
    {
        if (value is not null)
        {
            query.Add($"{name}={Uri.EscapeDataString(value)}");
        }
    }

    private static void Print(IReadOnlyList<JsonElement> rows)
    {
        if (rows.Count == 0)
        {
            CliOutput.Out.MarkupLine("no usage in this range");
            return;
        }

        var table = new Table().AddColumn("tenant").AddColumn("model").AddColumn("version").AddColumn("hour (UTC)");
        foreach (var name in new[] { "requests", "failed", "items", "compute s", "input", "output" })
        {
            table.AddColumn(new TableColumn(name).RightAligned());
        }

        foreach (var r in rows)
        {
            table.AddRow(
                Markup.Escape(r.GetProperty("tenant").GetString()!),
                Markup.Escape(r.GetProperty("model").GetString()!),
                Markup.Escape(r.GetProperty("version").GetString()!),
                Markup.Escape(r.GetProperty("hour").GetDateTime().ToUniversalTime().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)),
                r.GetProperty("requests").GetInt64().ToString(CultureInfo.InvariantCulture),
                r.GetProperty("failed").GetInt64().ToString(CultureInfo.InvariantCulture),
                r.GetProperty("items").GetInt64().ToString(CultureInfo.InvariantCulture),
                r.GetProperty("compute_seconds").GetDouble().ToString("0.000", CultureInfo.InvariantCulture),
                CliOutput.Size(r.GetProperty("input_bytes").GetInt64()),
                CliOutput.Size(r.GetProperty("output_bytes").GetInt64()));
        }

        CliOutput.Out.Write(table);
    }
}
