using System.Globalization;
using System.Text.Json;
using Spectre.Console;

namespace AIaaS.Cli.Commands;

/// <summary>Renders a rollout document (<c>GET /v2/models/{m}/rollout</c>) as a summary line, a figures table and a history table.</summary>
internal static class RolloutView
{
    public static Rows Render(JsonElement rollout, bool history)
    {
        var items = new List<Spectre.Console.Rendering.IRenderable> { new Markup(Markup.Escape(Summary(rollout))) };
        if (rollout.TryGetProperty("reason", out var reason) && reason.ValueKind == JsonValueKind.String)
        {
            items.Add(new Markup($"[red]reason:[/] {Markup.Escape(reason.GetString()!)}"));
        }

        items.Add(Figures(rollout));
        if (history)
        {
            items.Add(History(rollout));
        }

        return new Rows(items);
    }

    public static string Summary(JsonElement rollout)
    {
        var steps = string.Join(", ", rollout.GetProperty("plan").GetProperty("steps").EnumerateArray().Select(s => s.GetInt32() == 0 ? "shadow" : $"{s.GetInt32()}%"));
        return string.Create(CultureInfo.InvariantCulture,
            $"{rollout.GetProperty("model").GetString()}: version {rollout.GetProperty("version").GetString()} over {rollout.GetProperty("stable_version").GetString()}, {rollout.GetProperty("state").GetString()}, step {rollout.GetProperty("step").GetInt32()} of [{steps}], candidate share {rollout.GetProperty("share").GetInt32()}%{(rollout.GetProperty("shadowing").GetBoolean() ? " (shadowing)" : "")}");
    }

    private static Table Figures(JsonElement rollout)
    {
        var table = new Table()
            .AddColumn("version")
            .AddColumn("role")
            .AddColumn(new TableColumn("requests").RightAligned())
            .AddColumn(new TableColumn("5xx").RightAligned())
            .AddColumn(new TableColumn("error rate").RightAligned())
            .AddColumn(new TableColumn("p99 ms").RightAligned())
            .AddColumn(new TableColumn("compared").RightAligned())
            .AddColumn(new TableColumn("max diff").RightAligned())
            .AddColumn(new TableColumn("top-1").RightAligned());
        table.Title = new TableTitle("this step");
        var candidate = rollout.GetProperty("version").GetString();
        foreach (var version in rollout.GetProperty("figures").EnumerateObject())
        {
            var f = version.Value;
            table.AddRow(
                Markup.Escape(version.Name),
                version.Name == candidate ? "candidate" : "stable",
                Number(f, "requests", "0"),
                Number(f, "errors", "0"),
                Number(f, "error_rate", "0.####"),
                Number(f, "p99_ms", "0.#"),
                Number(f, "compared", "0"),
                Number(f, "max_output_diff", "G4"),
                Number(f, "top1_agreement", "0.####"));
        }

        return table;
    }

    private static Table History(JsonElement rollout)
    {
        var table = new Table().AddColumn("at (UTC)").AddColumn("action").AddColumn(new TableColumn("step").RightAligned()).AddColumn(new TableColumn("share").RightAligned()).AddColumn("reason");
        table.Title = new TableTitle("history");
        foreach (var decision in rollout.GetProperty("history").EnumerateArray())
        {
            table.AddRow(
                decision.GetProperty("at").GetDateTimeOffset().UtcDateTime.ToString("HH:mm:ss.f", CultureInfo.InvariantCulture),
                Markup.Escape(decision.GetProperty("action").GetString()!),
                decision.GetProperty("step").GetInt32().ToString(CultureInfo.InvariantCulture),
                decision.GetProperty("share").GetInt32().ToString(CultureInfo.InvariantCulture) + "%",
                Markup.Escape(decision.GetProperty("reason").GetString()!));
        }

        return table;
    }

    private static string Number(JsonElement figures, string name, string format) =>
        figures.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number
            ? value.GetDouble().ToString(format, CultureInfo.InvariantCulture)
            : "-";
}
