using System.CommandLine;

namespace AIaaS.Cli.Commands;

/// <summary><c>aiaas models</c>: the model repository (pull from the catalog, list).</summary>
internal static class ModelsCommand
{
    public static Command Create()
    {
        var command = new Command("models", "Manage the model repository: pull models from the catalog, list what it holds");
        command.Subcommands.Add(ModelsPullCommand.Create());
        command.Subcommands.Add(ModelsListCommand.Create());
        command.Subcommands.Add(ModelsScaleCommand.Create());
        return command;
    }

    /// <summary>The repository option both subcommands share; defaults to <c>./models</c> under the current directory.</summary>
    public static Option<DirectoryInfo> RepositoryOption() => new("--repository", "-r")
    {
        Description = "Model repository directory (Triton layout: {name}/config.json, {name}/{version}/model.onnx)",
        DefaultValueFactory = _ => new DirectoryInfo("models"),
    };
}
