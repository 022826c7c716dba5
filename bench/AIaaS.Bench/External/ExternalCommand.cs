using System.CommandLine;

namespace AIaaS.Bench.External;

/// <summary>
/// <c>aiaas-bench external [--tool hey|aiaas] [--concurrency 1,8,32,64] [--seconds 10] [--rounds 3]</c>:
/// ppocr-cls served by a silo process, loaded by a separate load generator process (<see cref="ExternalBench"/>).
/// </summary>
internal static class ExternalCommand
{
    public static Command Create()
    {
        var models = BenchOptionFactory.Models();
        var tool = new Option<string>("--tool")
        {
            Description = "The load generator: hey (apt-get install hey) or aiaas (aiaas bench, built with the bench)",
            DefaultValueFactory = _ => "hey",
        };
        tool.AcceptOnlyFromAmong("hey", "aiaas");
        var concurrency = BenchOptionFactory.ConcurrencyLevels([1, 8, 32, 64]);
        var seconds = BenchOptionFactory.Positive("--seconds", 10, "Each load window");
        var rounds = BenchOptionFactory.Positive("--rounds", 3, "Interleaved rounds; medians of each round's ratios are printed");
        var command = new Command("external", "ppocr-cls with batching on (our rule and Triton's) and off, served by a silo process and loaded by a separate process, beside the raw ONNX Runtime ceiling and the load generator's own CPU use");
        command.Options.Add(models);
        command.Options.Add(tool);
        command.Options.Add(concurrency);
        command.Options.Add(seconds);
        command.Options.Add(rounds);
        command.SetAction((result, cancellationToken) => ExternalBench.RunAsync(
            new ExternalOptions
            {
                Models = result.GetValue(models)!,
                Tool = result.GetValue(tool)!,
                Concurrency = result.GetValue(concurrency)!,
                Seconds = result.GetValue(seconds),
                Rounds = result.GetValue(rounds),
            },
            cancellationToken));
        return command;
    }
}
