using System.CommandLine;
using AIaaS.Cli.Remote;
using AIaaS.Errors;
using Spectre.Console;

namespace AIaaS.Cli.Commands;

/// <summary><c>aiaas models scale MODEL --replicas N [--url URL]</c>: sets the replicas of the version serving a model's traffic.</summary>
internal static class ModelsScaleCommand
{
    public static Command Create()
    {
        var model = new Argument<string>("model") { Description = "The model" };
        var replicas = new Option<int>("--replicas", "-n") { Description = "Replicas of the serving version (an autoscaled model moves within its min and max again)", Required = true };
        var url = FrontUrl.Create();
        var apiKey = ApiKeyOption.Create();
        var command = new Command("scale", "Set the replica count of a model's serving version (new replicas are placed on distinct workers; removed ones drain first)") { model, replicas, url, apiKey };
        command.SetAction(async (result, cancellationToken) =>
        {
            using var http = new DeploymentHttp(result.GetValue(url)!, ApiKeyOption.Read(result, apiKey));
            try
            {
                var versions = await http.ScaleAsync(result.GetValue(model)!, result.GetValue(replicas), cancellationToken).ConfigureAwait(false);
                foreach (var version in versions.EnumerateArray())
                {
                    CliOutput.Out.MarkupLine(Markup.Escape($"{result.GetValue(model)} version {version.GetProperty("version").GetString()}: {version.GetProperty("status").GetString()}, {version.GetProperty("replicas").GetInt32()} replica(s)"));
                }

                return 0;
            }
            catch (InferenceException ex)
            {
                return CliOutput.Fail(ex.Message);
            }
        });
        return command;
    }
}
