using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using AIaaS.Errors;
using Spectre.Console;

namespace AIaaS.Cli.Commands;

/// <summary><c>aiaas tenants create|list|show|update|delete</c> over <c>/admin/tenants</c>.</summary>
internal static class TenantsCommand
{
    public static Command Create()
    {
        var command = new Command("tenants", "Manage tenants: entitlements, quotas, admin rights (needs an admin key)");
        command.Subcommands.Add(Write("create", "Create a tenant", create: true));
        command.Subcommands.Add(Write("update", "Change a tenant's fields; quota options given replace all its quotas", create: false));
        command.Subcommands.Add(List());
        command.Subcommands.Add(Show());
        command.Subcommands.Add(Delete());
        return command;
    }

    private static Command Write(string name, string description, bool create)
    {
        var admin = new AdminOptions();
        var id = new Argument<string>("id") { Description = "Tenant id: lower-case letters, digits, '-' and '_'" };
        var display = new Option<string?>("--name") { Description = "Display name" };
        var models = new Option<string?>("--models") { Description = "Entitled models or *-patterns, comma-separated (ppocr-*,silero-vad)" };
        var rate = new Option<double?>("--requests-per-second") { Description = "Rate quota over the whole cluster" };
        var burst = new Option<int?>("--burst") { Description = "Requests above the rate admitted at once" };
        var concurrency = new Option<int?>("--max-concurrency") { Description = "Requests in flight per front" };
        var compute = new Option<double?>("--compute-seconds-per-day") { Description = "Model compute per UTC day" };
        var priority = new Option<int?>("--priority") { Description = "Queue priority level of its requests (1 highest; 0 the model's default)" };
        var isAdmin = new Option<bool?>("--admin") { Description = "Admin rights (true/false)" };
        var command = new Command(name, description) { id, display, models, rate, burst, concurrency, compute, priority, isAdmin };
        admin.AddTo(command);
        command.SetAction(async (result, ct) =>
        {
            using var api = admin.Connect(result);

            var body = new JsonObject();
            if (create)
            {
                body["id"] = result.GetValue(id);
            }

            if (result.GetValue(display) is { } n)
            {
                body["name"] = n;
            }

            if (result.GetValue(models) is { } m)
            {
                body["models"] = new JsonArray(m.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(x => (JsonNode)x!).ToArray());
            }

            var quotas = new JsonObject();
            if (result.GetValue(rate) is { } r)
            {
                quotas["requests_per_second"] = r;
            }

            if (result.GetValue(burst) is { } b)
            {
                quotas["burst"] = b;
            }

            if (result.GetValue(concurrency) is { } c)
            {
                quotas["max_concurrency"] = c;
            }

            if (result.GetValue(compute) is { } s)
            {
                quotas["compute_seconds_per_day"] = s;
            }

            if (quotas.Count > 0)
            {
                body["quotas"] = quotas;
            }

            if (result.GetValue(priority) is { } p)
            {
                body["priority"] = p;
            }

            if (result.GetValue(isAdmin) is { } a)
            {
                body["admin"] = a;
            }

            return await RunAsync(admin, result, async () =>
            {
                var text = create
                    ? await api.SendAsync(HttpMethod.Post, "admin/tenants", body, ct)
                    : await api.SendAsync(HttpMethod.Patch, $"admin/tenants/{Uri.EscapeDataString(result.GetValue(id)!)}", body, ct);
                return (text, () => PrintTenants([Parse(text)]));
            });
        });
        return command;
    }

    private static Command List()
    {
        var admin = new AdminOptions();
        var command = new Command("list", "List tenants");
        admin.AddTo(command);
        command.SetAction(async (result, ct) =>
        {
            using var api = admin.Connect(result);
            return await RunAsync(admin, result, async () =>
            {
                var text = await api.SendAsync(HttpMethod.Get, "admin/tenants", null, ct);
                return (text, () => PrintTenants(Parse(text).GetProperty("tenants").EnumerateArray().ToList()));
            });
        });
        return command;
    }

    private static Command Show()
    {
        var admin = new AdminOptions();
        var id = new Argument<string>("id");
        var command = new Command("show", "Show a tenant and its keys (ids and prefixes; never the keys)") { id };
        admin.AddTo(command);
        command.SetAction(async (result, ct) =>
        {
            using var api = admin.Connect(result);
            return await RunAsync(admin, result, async () =>
            {
                var text = await api.SendAsync(HttpMethod.Get, $"admin/tenants/{Uri.EscapeDataString(result.GetValue(id)!)}", null, ct);
                return (text, () =>
                {
                    var tenant = Parse(text);
                    PrintTenants([tenant]);
                    KeysCommand.PrintKeys(tenant.GetProperty("keys").EnumerateArray().ToList());
                });
            });
        });
        return command;
    }

    private static Command Delete()
    {
        var admin = new AdminOptions();
        var id = new Argument<string>("id");
        var command = new Command("delete", "Delete a tenant and revoke its keys (its usage is kept)") { id };
        admin.AddTo(command);
        command.SetAction(async (result, ct) =>
        {
            using var api = admin.Connect(result);
            return await RunAsync(admin, result, async () =>
            {
                await api.SendAsync(HttpMethod.Delete, $"admin/tenants/{Uri.EscapeDataString(result.GetValue(id)!)}", null, ct);
                return ("{}", () => CliOutput.Out.MarkupLine(Markup.Escape($"tenant {result.GetValue(id)} deleted; its keys are revoked")));
            });
        });
        return command;
    }

    /// <summary>Runs a call: its JSON with <c>--json</c>, else what <c>print</c> makes of it; failures to stderr with exit 1.</summary>
    internal static async Task<int> RunAsync(AdminOptions admin, ParseResult result, Func<Task<(string Json, Action Print)>> call)
    {
        try
        {
            var (json, print) = await call();
            if (result.GetValue(admin.Json))
            {
                AdminOptions.PrintRaw(json);
            }
            else
            {
                print();
            }

            return 0;
        }
        catch (InferenceException ex)
        {
            return CliOutput.Fail(ex.Message);
        }
    }

    internal static JsonElement Parse(string text)
    {
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    private static void PrintTenants(IReadOnlyList<JsonElement> tenants)
    {
        var table = new Table().AddColumn("id").AddColumn("name").AddColumn("models")
            .AddColumn(new TableColumn("req/s").RightAligned()).AddColumn(new TableColumn("burst").RightAligned())
            .AddColumn(new TableColumn("concurrency").RightAligned()).AddColumn(new TableColumn("compute s/day").RightAligned())
            .AddColumn(new TableColumn("priority").RightAligned()).AddColumn("admin").AddColumn(new TableColumn("keys").RightAligned());
        foreach (var t in tenants)
        {
            var quotas = t.GetProperty("quotas");
            table.AddRow(
                Markup.Escape(t.GetProperty("id").GetString()!),
                Markup.Escape(t.GetProperty("name").GetString()!),
                Markup.Escape(string.Join(",", t.GetProperty("models").EnumerateArray().Select(m => m.GetString()))),
                Quota(quotas, "requests_per_second"),
                Quota(quotas, "burst"),
                Quota(quotas, "max_concurrency"),
                Quota(quotas, "compute_seconds_per_day"),
                t.GetProperty("priority").GetInt32().ToString(CultureInfo.InvariantCulture),
                t.GetProperty("admin").GetBoolean() ? "yes" : "no",
                t.GetProperty("keys").EnumerateArray().Count(k => k.GetProperty("revoked_at").ValueKind == JsonValueKind.Null).ToString(CultureInfo.InvariantCulture));
        }

        CliOutput.Out.Write(table);
    }

    private static string Quota(JsonElement quotas, string name) =>
        quotas.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetRawText() : "-";
}
