namespace AIaaS.Cli.Bench;

/// <summary>One closed-loop measurement: how many workers, how long to warm up, how long to measure.</summary>
internal sealed record ClosedLoopOptions
{
    public required int Concurrency { get; init; }

    /// <summary>Time the workers run before the window opens; calls answered in it are not counted.</summary>
    public TimeSpan Warmup { get; init; }

    /// <summary>The measurement window: calls answered in it are counted and their latencies recorded.</summary>
    public required TimeSpan Duration { get; init; }

    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Runs when the window opens, while the workers keep going (e.g. a first server statistics reading).</summary>
    public Func<CancellationToken, Task>? WindowOpened { get; init; }

    /// <summary>Runs when the window closes, while calls still in flight finish.</summary>
    public Func<CancellationToken, Task>? WindowClosed { get; init; }
}
