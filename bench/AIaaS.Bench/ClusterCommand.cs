using System.CommandLine;

namespace AIaaS.Bench;

/// <summary><c>aiaas-bench cluster</c>: a front and three worker silo processes over a real Redis (<see cref="ClusterBench"/>).</summary>
internal static class ClusterCommand
{
    public static Command Create()
    {
        var models = BenchOptionFactory.Models();
        var seconds = BenchOptionFactory.Positive("--seconds", 5, "Each throughput window, and how long the failover load runs before the kill");
        var concurrency = BenchOptionFactory.Positive("--concurrency", 32, "Closed-loop workers");
        var rounds = BenchOptionFactory.Positive("--rounds", 2, "Interleaved rounds; medians are printed");
        var recovery = BenchOptionFactory.Positive("--recovery-seconds", 30, "How long the failover load goes on after the kill");
        var command = new Command("cluster", "ppocr-cls with one replica vs three (one per worker process), and the failover window when a worker is SIGKILLed");
        command.Options.Add(models);
        command.Options.Add(seconds);
        command.Options.Add(concurrency);
        command.Options.Add(rounds);
        command.Options.Add(recovery);
        command.SetAction((result, _) => ClusterBench.RunAsync(new ClusterBenchOptions
        {
            Models = result.GetValue(models)!,
            Seconds = result.GetValue(seconds),
            Concurrency = result.GetValue(concurrency),
            Rounds = result.GetValue(rounds),
            RecoverySeconds = result.GetValue(recovery),
        }));
        return command;
    }
}
