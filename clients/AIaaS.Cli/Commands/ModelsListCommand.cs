using System.CommandLine;
using AIaaS.Repository;
using AIaaS.Models;
using Spectre.Console;

namespace AIaaS.Cli.Commands;

/// <summary><c>aiaas models list</c>: what the repository holds, invalid models included with their errors.</summary>
internal static class ModelsListCommand
{
    public static Command Create()
    {
        var repository = ModelsCommand.RepositoryOption();
        var command = new Command("list", "List the models in the repository: versions, batching, accelerator, replicas, sha256");
        command.Options.Add(repository);
        command.SetAction(result => Run(result.GetValue(repository)!));
        return command;
    }

    private static int Run(DirectoryInfo repository)
    {
        IReadOnlyList<ModelRepositoryEntry> entries;
        try
        {
            entries = new ModelRepository(repository.FullName).Index();
        }
        catch (ModelRepositoryException ex)
        {
            return CliOutput.Fail(ex.Message);
        }

        if (entries.Count == 0)
        {
            CliOutput.Out.MarkupLine($"no models in {Markup.Escape(repository.FullName)}; run `aiaas models pull`");
            return 0;
        }

        var table = new Table()
            .AddColumn("model")
            .AddColumn("versions")
            .AddColumn(new TableColumn("max_batch_size").RightAligned())
            .AddColumn("batching")
            .AddColumn("accelerator")
            .AddColumn(new TableColumn("replicas").RightAligned())
            .AddColumn("sha256");
        foreach (var entry in entries)
        {
            if (entry.Definition is { } model)
            {
                table.AddRow(Row(model));
            }
            else
            {
                table.AddRow(Markup.Escape(entry.Name), "[red]invalid[/]", "", "", "", "", "");
            }
        }

        CliOutput.Out.Write(table);

        var invalid = entries.Where(e => !e.IsValid).ToArray();
        foreach (var entry in invalid)
        {
            CliOutput.Fail($"{entry.Name}: {string.Join("; ", entry.Errors)}");
        }

        return invalid.Length == 0 ? 0 : 1;
    }

    private static string[] Row(ModelDefinition model)
    {
        var config = model.Config;
        var served = VersionSelection.Select(model);

        // Versions on disk that the policy does not serve are dimmed.
        var versions = string.Join(", ", model.Versions.Select(v =>
            served.Contains(v) ? $"{v.Version}" : $"[dim]{v.Version}[/]"));
        var batching = config switch
        {
            { DynamicBatching: not null } => "dynamic",
            { SequenceBatching: not null } => "sequence",
            _ => "none",
        };
        var sha = served.Count > 0 ? served[^1].Sha256[..12] : "";
        return
        [
            Markup.Escape(config.Name),
            versions,
            $"{config.MaxBatchSize}",
            batching,
            Markup.Escape(config.Accelerator),
            $"{config.Replicas}",
            sha,
        ];
    }
}
