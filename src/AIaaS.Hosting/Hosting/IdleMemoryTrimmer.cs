using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AIaaS.Hosting;

/// <summary>
/// Gives the memory of a burst back to the operating system once the silo is quiet again. The GC
/// collects only when something allocates, so a silo that took a burst (a flood, a fuzzer, a
/// batch job) and then went quiet would hold the burst's heap for good. After
/// <see cref="AIaaSSiloOptions.IdleMemoryTrim"/> of allocating less than a trickle per second,
/// and only if a burst's worth was allocated or became resident since the last trim, this runs
/// one aggressive collection, which compacts and decommits. An idle silo pays one short pause per
/// burst. Resident growth counts as well as allocation because a large body allocates less than
/// <see cref="BurstBytes"/> of managed memory yet leaves more than that resident until collected.
/// </summary>
internal sealed partial class IdleMemoryTrimmer(
    IOptions<AIaaSSiloOptions> options,
    TimeProvider time,
    ILogger<IdleMemoryTrimmer> logger) : BackgroundService
{
    /// <summary>Allocation per second below which the silo counts as quiet: a few small requests, timers and metrics.</summary>
    private const long QuietBytesPerSecond = 8L << 20;

    /// <summary>Allocation since the last trim that makes another worth its pause.</summary>
    private const long BurstBytes = 64L << 20;

    /// <summary>Resident growth since the last trim that makes another worth its pause: a 47 MB JSON body leaves about 70 MiB.</summary>
    private const long ResidentGrowthBytes = 32L << 20;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var idleFor = options.Value.IdleMemoryTrim;
        if (idleFor <= TimeSpan.Zero)
        {
            return;
        }

        var tick = TimeSpan.FromSeconds(1);
        using var timer = new PeriodicTimer(tick, time);
        var lastTrim = GC.GetTotalAllocatedBytes();
        var previous = lastTrim;
        // Environment.WorkingSet reads /proc once a second, off every request's path.
        var residentAfterTrim = Environment.WorkingSet;
        var quiet = TimeSpan.Zero;
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                var allocated = GC.GetTotalAllocatedBytes();
                quiet = allocated - previous < QuietBytesPerSecond ? quiet + tick : TimeSpan.Zero;
                previous = allocated;
                // Resident growth is measured from after the last trim, so memory no collection
                // returns (ONNX Runtime's arena) triggers at most one trim, not one per quiet period.
                if (quiet >= idleFor && (allocated - lastTrim >= BurstBytes || Environment.WorkingSet - residentAfterTrim >= ResidentGrowthBytes))
                {
                    Trim(allocated - lastTrim);
                    lastTrim = previous = GC.GetTotalAllocatedBytes();
                    residentAfterTrim = Environment.WorkingSet;
                    quiet = TimeSpan.Zero;
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private void Trim(long burst)
    {
        var before = Environment.WorkingSet;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        LogTrimmed(logger, burst >> 20, before >> 20, Environment.WorkingSet >> 20);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Quiet after {BurstMiB} MiB allocated: collected aggressively, working set {BeforeMiB} -> {AfterMiB} MiB")]
    private static partial void LogTrimmed(ILogger logger, long burstMiB, long beforeMiB, long afterMiB);
}
