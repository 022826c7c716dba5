using System.CommandLine;
using AIaaS.Cli.Bench;
using AIaaS.Cli.Commands;

namespace AIaaS.Bench.Sessions;

/// <summary>
/// <c>aiaas-bench sessions [--model silero-vad] [--sessions 8,16,32,64] [--protocols orleans,http-json]</c>:
/// live sessions from <c>aiaas bench --real-time</c> in a separate process against a silo process,
/// beside the raw ONNX Runtime ceiling (<see cref="SessionsBench"/>).
/// </summary>
internal static class SessionsCommand
{
    public static Command Create()
    {
        var models = BenchOptionFactory.Models();
        var model = new Option<string>("--model")
        {
            Description = "The stateful model in the repository: silero-vad, or a variant of it (another checkpoint policy)",
            DefaultValueFactory = _ => "silero-vad",
        };
        var sessions = new Option<int[]>("--sessions")
        {
            Description = "Numbers of live sessions, comma-separated (8,16,32,64)",
            Arity = ArgumentArity.ExactlyOne,
            CustomParser = BenchCommand.ParseConcurrency,
            DefaultValueFactory = _ => [8, 16, 32, 64],
        };
        var protocols = new Option<string[]>("--protocols")
        {
            Description = "orleans (the SDK through the gateway), http-json, or both comma-separated",
            Arity = ArgumentArity.ExactlyOne,
            CustomParser = result => result.Tokens[0].Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            DefaultValueFactory = _ => [BenchProtocols.Orleans, BenchProtocols.HttpJson],
        };
        protocols.Validators.Add(result =>
        {
            foreach (var protocol in result.GetValueOrDefault<string[]>() ?? [])
            {
                if (protocol is not (BenchProtocols.Orleans or BenchProtocols.HttpJson))
                {
                    result.AddError($"--protocols: '{protocol}' is not orleans or http-json");
                }
            }
        });
        var seconds = BenchOptionFactory.Positive("--seconds", 10, "Each level's window, after a 1 s warm-up");
        var command = new Command("sessions", "silero-vad sessions in real time from `aiaas bench --real-time` (a separate process) against a silo process, and the raw ONNX Runtime ceiling before and after");
        command.Options.Add(models);
        command.Options.Add(model);
        command.Options.Add(sessions);
        command.Options.Add(protocols);
        command.Options.Add(seconds);
        command.SetAction((result, cancellationToken) => SessionsBench.RunAsync(
            new SessionsOptions
            {
                Models = result.GetValue(models)!,
                Model = result.GetValue(model)!,
                Sessions = result.GetValue(sessions)!,
                Protocols = result.GetValue(protocols)!,
                Seconds = result.GetValue(seconds),
            },
            cancellationToken));
        return command;
    }
}
