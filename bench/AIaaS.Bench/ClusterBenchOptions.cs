using System.Globalization;

namespace AIaaS.Bench;

/// <summary>
/// <c>cluster [--models DIR] [--seconds 5] [--concurrency 32] [--rounds 2] [--recovery-seconds 30]</c>:
/// the cluster measurement's settings.
/// </summary>
internal sealed record ClusterBenchOptions
{
    public string Models { get; init; } = "models";

    /// <summary>Each throughput window, and how long the failover load runs before the kill.</summary>
    public int Seconds { get; init; } = 5;

    public int Concurrency { get; init; } = 32;

    public int Rounds { get; init; } = 2;

    /// <summary>How long the failover load goes on after the kill.</summary>
    public int RecoverySeconds { get; init; } = 30;

    public static ClusterBenchOptions Parse(IReadOnlyList<string> args)
    {
        var options = new ClusterBenchOptions();
        for (var i = 0; i < args.Count; i += 2)
        {
            if (i + 1 >= args.Count)
            {
                throw new ArgumentException($"{args[i]} needs a value");
            }

            options = args[i] switch
            {
                "--models" => options with { Models = args[i + 1] },
                "--seconds" => options with { Seconds = Positive(args[i], args[i + 1]) },
                "--concurrency" => options with { Concurrency = Positive(args[i], args[i + 1]) },
                "--rounds" => options with { Rounds = Positive(args[i], args[i + 1]) },
                "--recovery-seconds" => options with { RecoverySeconds = Positive(args[i], args[i + 1]) },
                _ => throw new ArgumentException($"unknown option {args[i]} for cluster (--models, --seconds, --concurrency, --rounds, --recovery-seconds)"),
            };
        }

        return options;
    }

    private static int Positive(string name, string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : throw new ArgumentException($"{name} '{text}' is not a positive integer");
}
