namespace AIaaS.Grains.Batching;

/// <summary>
/// Load shedding every replica gets unless its model configures its own (<c>AIaaS:Admission</c>):
/// a bounded queue, so a flood gets fast 503s instead of ever-growing latency, and a deadline on
/// waiting in it (504 past it).
/// </summary>
public sealed class AdmissionOptions
{
    /// <summary>Requests queued per replica for a model whose <c>max_queue_size</c> is 0 or absent; 0 leaves such queues unbounded.</summary>
    public int MaxQueueSize { get; set; } = 512;

    /// <summary>Longest a request waits in a queue for a model that sets no <c>default_timeout_microseconds</c>; zero means no limit.</summary>
    public TimeSpan DefaultQueueTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The scheduler options with these defaults filled where the model left them open.</summary>
    internal DynamicBatchSchedulerOptions Apply(DynamicBatchSchedulerOptions options) => options with
    {
        MaxQueueSize = options.MaxQueueSize > 0 ? options.MaxQueueSize : Math.Max(0, MaxQueueSize),
        DefaultTimeoutMicroseconds = options.DefaultTimeoutMicroseconds > 0
            ? options.DefaultTimeoutMicroseconds
            : Math.Max(0, (long)DefaultQueueTimeout.TotalMicroseconds),
    };
}
