using System.CommandLine;
using AIaaS.Cli.Bench;

namespace AIaaS.Bench.Sessions;

/// <summary>
/// <c>aiaas-bench sessions [--sessions 8,16,32,64] [--protocols orleans,http-json,http-binary] [--checkpoints 1,32] [--redis]</c>:
/// live sessions from <c>aiaas bench --real-time</c> in a separate process against a silo process,
/// beside the raw ONNX Runtime ceiling (<see cref="SessionsBench"/>).
/// </summary>
internal static class SessionsCommand
{
    public static Command Create()
    {
        var models = BenchOptionFactory.Models();
        var sessions = BenchOptionFactory.Levels("--sessions", [8, 16, 32, 64], "Numbers of live sessions, comma-separated (8,16,32,64)");
        var checkpoints = BenchOptionFactory.Levels("--checkpoints", [1, 32], "Checkpoint policies, one silero-vad variant each: 1 is every_step, N is {\"every\": N}");
        var protocols = new Option<string[]>("--protocols")
        {
            Description = "orleans (the SDK through the gateway), http-json, http-binary, or several comma-separated",
            Arity = ArgumentArity.ExactlyOne,
            CustomParser = result => result.Tokens[0].Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            DefaultValueFactory = _ => [BenchProtocols.Orleans, BenchProtocols.HttpJson],
        };
        protocols.Validators.Add(result =>
        {
            foreach (var protocol in result.GetValueOrDefault<string[]>() ?? [])
            {
                if (protocol is not (BenchProtocols.Orleans or BenchProtocols.HttpJson or BenchProtocols.HttpBinary))
                {
                    result.AddError($"--protocols: '{protocol}' is not orleans, http-json or http-binary");
                }
            }
        });
        var seconds = BenchOptionFactory.Positive("--seconds", 10, "Each level's window, after the warm-up");
        var warmup = BenchOptionFactory.Positive("--warmup", 1, "Seconds each level's sessions step before its window opens");
        var siloWarmup = new Option<int>("--silo-warmup") { Description = "Seconds the fresh silo serves the largest level over each protocol, uncounted, before any level is measured (0: none)", DefaultValueFactory = _ => 20 };
        var redis = new Option<bool>("--redis") { Description = "Run a redis-server for membership and session state (cluster mode) instead of files (embedded mode)" };
        var command = new Command("sessions", "silero-vad sessions in real time from `aiaas bench --real-time` (a separate process) against a silo process, per checkpoint policy and protocol, and the raw ONNX Runtime ceiling before and after");
        command.Options.Add(models);
        command.Options.Add(sessions);
        command.Options.Add(checkpoints);
        command.Options.Add(protocols);
        command.Options.Add(seconds);
        command.Options.Add(warmup);
        command.Options.Add(siloWarmup);
        command.Options.Add(redis);
        command.SetAction((result, cancellationToken) => SessionsBench.RunAsync(
            new SessionsOptions
            {
                Models = result.GetValue(models)!,
                Sessions = result.GetValue(sessions)!,
                Checkpoints = result.GetValue(checkpoints)!,
                Protocols = result.GetValue(protocols)!,
                Seconds = result.GetValue(seconds),
                Warmup = result.GetValue(warmup),
                SiloWarmup = result.GetValue(siloWarmup),
                Redis = result.GetValue(redis),
            },
            cancellationToken));
        return command;
    }
}
