using System.CommandLine;
using System.Text.Json;
using Spectre.Console;

namespace AIaaS.Cli.Commands;

/// <summary><c>aiaas keys create|list|revoke TENANT</c> over <c>/admin/tenants/{id}/keys</c>.</summary>
internal static class KeysCommand
{
    public static Command Create()
    {
        var command = new Command("keys", "Manage a tenant's API keys (needs an admin key)");
        command.Subcommands.Add(Make());
        command.Subcommands.Add(List());
        command.Subcommands.Add(Revoke());
        return command;
    }

    internal static void PrintKeys(IReadOnlyList<JsonElement> keys)
    {
        var table = new Table().AddColumn("id").AddColumn("prefix").AddColumn("created").AddColumn("revoked");
        foreach (var k in keys)
        {
            table.AddRow(
                Markup.Escape(k.GetProperty("id").GetString()!),
                Markup.Escape(k.GetProperty("prefix").GetString()! + "…"),
                Markup.Escape(k.GetProperty("created_at").GetString()!),
                k.GetProperty("revoked_at").ValueKind == JsonValueKind.Null ? "-" : Markup.Escape(k.GetProperty("revoked_at").GetString()!));
        }

        CliOutput.Out.Write(table);
    }

    private static Command Make()
    {
        var admin = new AdminOptions();
        var tenant = new Argument<string>("tenant");
        var command = new Command("create", "Create a key; it is printed this once and never again") { tenant };
        admin.AddTo(command);
        command.SetAction(async (result, ct) =>
        {
            using var api = admin.Connect(result);
            return await TenantsCommand.RunAsync(admin, result, async () =>
            {
                var text = await api.SendAsync(HttpMethod.Post, $"admin/tenants/{Uri.EscapeDataString(result.GetValue(tenant)!)}/keys", null, ct);
                return (text, () =>
                {
                    var key = TenantsCommand.Parse(text);
                    // The key alone on stdout, so `KEY=$(aiaas keys create acme)` works; the note goes to stderr.
                    Console.Error.WriteLine($"key {key.GetProperty("id").GetString()} for tenant {result.GetValue(tenant)}: store it now, it is not shown again");
                    AdminOptions.PrintRaw(key.GetProperty("key").GetString()!);
                });
            });
        });
        return command;
    }

    private static Command List()
    {
        var admin = new AdminOptions();
        var tenant = new Argument<string>("tenant");
        var command = new Command("list", "List a tenant's keys: ids, prefixes, dates") { tenant };
        admin.AddTo(command);
        command.SetAction(async (result, ct) =>
        {
            using var api = admin.Connect(result);
            return await TenantsCommand.RunAsync(admin, result, async () =>
            {
                var text = await api.SendAsync(HttpMethod.Get, $"admin/tenants/{Uri.EscapeDataString(result.GetValue(tenant)!)}/keys", null, ct);
                return (text, () => PrintKeys(TenantsCommand.Parse(text).GetProperty("keys").EnumerateArray().ToList()));
            });
        });
        return command;
    }

    private static Command Revoke()
    {
        var admin = new AdminOptions();
        var tenant = new Argument<string>("tenant");
        var keyId = new Argument<string>("key-id");
        var command = new Command("revoke", "Revoke a key: every front refuses it within seconds") { tenant, keyId };
        admin.AddTo(command);
        command.SetAction(async (result, ct) =>
        {
            using var api = admin.Connect(result);
            return await TenantsCommand.RunAsync(admin, result, async () =>
            {
                await api.SendAsync(HttpMethod.Delete, $"admin/tenants/{Uri.EscapeDataString(result.GetValue(tenant)!)}/keys/{Uri.EscapeDataString(result.GetValue(keyId)!)}", null, ct);
                return ("{}", () => CliOutput.Out.MarkupLine(Markup.Escape($"key {result.GetValue(keyId)} of tenant {result.GetValue(tenant)} revoked")));
            });
        });
        return command;
    }
}
