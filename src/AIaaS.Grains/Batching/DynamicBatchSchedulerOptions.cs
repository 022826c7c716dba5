using AIaaS.Inference.Batching;
using AIaaS.Models;

namespace AIaaS.Grains.Batching;

/// <summary>
/// What <see cref="DynamicBatchScheduler"/> needs from a model's configuration, normalised once:
/// Triton's <c>dynamic_batching</c> fields plus <c>max_batch_size</c>, <c>executors</c> and the model's name.
/// </summary>
internal sealed record DynamicBatchSchedulerOptions
{
    /// <summary>For messages only.</summary>
    public string ModelName { get; init; } = "";

    /// <summary>Largest total batch dimension of one batch; above 0.</summary>
    public int MaxBatchSize { get; init; } = 1;

    /// <summary>Batch sizes that cut a batch at once; those above <see cref="MaxBatchSize"/> are ignored.</summary>
    public IReadOnlyList<int> PreferredBatchSizes { get; init; } = [];

    /// <summary>Longest the oldest request of a batch waits for it to fill; 0 cuts at once.</summary>
    public long MaxQueueDelayMicroseconds { get; init; }

    /// <summary>Requests waiting at most (not counting those executing); 0 means unbounded.</summary>
    public int MaxQueueSize { get; init; }

    /// <summary>Longest a request waits in the queue when it names no timeout; 0 means no limit.</summary>
    public long DefaultTimeoutMicroseconds { get; init; }

    /// <summary>Number of priority levels, 1 being the highest; at least 1.</summary>
    public int PriorityLevels { get; init; } = 1;

    /// <summary>Level of a request whose priority is 0; within 1..<see cref="PriorityLevels"/>.</summary>
    public int DefaultPriorityLevel { get; init; } = 1;

    /// <summary>Batches running at once on the shared session; at least 1.</summary>
    public int Executors { get; init; } = 1;

    /// <summary>Each input's and output's batch axis (<see cref="BatchAxes.FromConfig"/>): sequence-state tensors on their <c>batch_axis</c>, ragged tensors padded.</summary>
    public BatchAxes Axes { get; init; } = BatchAxes.Leading;

    /// <summary>
    /// Cut batches by Triton's rule alone: a free executor waits up to the delay for a preferred
    /// size. False (the default) lets a free executor take what has queued at once, up to the
    /// batch size measured cheapest per item.
    /// </summary>
    public bool TritonBatching { get; init; }

    /// <summary>
    /// The most elements a ragged batch may run, padding included, per element its requests sent;
    /// 0 for no bound (pad to the longest). Read only when <see cref="Axes"/> has ragged inputs.
    /// </summary>
    public double MaxPaddingRatio { get; init; }

    /// <summary>
    /// Keep one of two or more executors for light tenants while a heavy one floods (the eager
    /// rule only: not with <see cref="TritonBatching"/>). See <see cref="DynamicBatchScheduler"/>.
    /// </summary>
    public bool IsolateTenants { get; init; }

    /// <summary>The options of a model with <c>dynamic_batching</c> and <c>max_batch_size</c> above 0; fills Triton's defaults.</summary>
    /// <param name="config">The model's configuration.</param>
    /// <param name="axes">The model's batch axes (<see cref="BatchAxes.FromConfig"/>), the rule its requests were validated by.</param>
    public static DynamicBatchSchedulerOptions FromConfig(ModelConfig config, BatchAxes axes)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(axes);
        if (config.SequenceBatching is { } sequence)
        {
            return FromSequenceConfig(config, sequence, axes);
        }

        var batching = config.DynamicBatching ?? new DynamicBatchingConfig();
        var levels = Math.Max(1, batching.PriorityLevels);
        var defaultLevel = batching.DefaultPriorityLevel;
        return new DynamicBatchSchedulerOptions
        {
            ModelName = config.Name,
            MaxBatchSize = Math.Max(1, config.MaxBatchSize),
            PreferredBatchSizes = batching.PreferredBatchSize,
            MaxQueueDelayMicroseconds = Math.Max(0, batching.MaxQueueDelayMicroseconds),
            MaxQueueSize = Math.Max(0, batching.MaxQueueSize),
            DefaultTimeoutMicroseconds = Math.Max(0, batching.DefaultTimeoutMicroseconds),
            PriorityLevels = levels,
            // Triton: 0 means the default is level 1... configuration validation rejects out-of-range values.
            DefaultPriorityLevel = defaultLevel >= 1 && defaultLevel <= levels ? defaultLevel : 1,
            Executors = Math.Max(1, config.Executors),
            Axes = axes,
            TritonBatching = batching.TritonBatching,
            MaxPaddingRatio = axes.HasRaggedInputs ? batching.MaxPaddingRatio : 0,
            IsolateTenants = batching.IsolateTenants ?? true,
        };
    }

    /// <summary>
    /// Sessions' steps batch like requests: each session sends one step at a time (its grain does
    /// not interleave), so a batch never holds two steps of one session. <c>oldest</c> gives its
    /// preferred sizes and delay, and <c>max_candidate_sequences</c> bounds the steps waiting (one
    /// per session); <c>direct</c> gives its delay; neither cuts each step alone.
    /// </summary>
    private static DynamicBatchSchedulerOptions FromSequenceConfig(ModelConfig config, SequenceBatchingConfig sequence, BatchAxes axes) => new()
    {
        ModelName = config.Name,
        MaxBatchSize = Math.Max(1, config.MaxBatchSize),
        PreferredBatchSizes = sequence.Oldest?.PreferredBatchSize ?? [],
        MaxQueueDelayMicroseconds = Math.Max(0, sequence.Oldest?.MaxQueueDelayMicroseconds ?? sequence.Direct?.MaxQueueDelayMicroseconds ?? 0),
        MaxQueueSize = Math.Max(0, sequence.Oldest?.MaxCandidateSequences ?? 0),
        Executors = Math.Max(1, config.Executors),
        Axes = axes,
        // Triton's sequence batcher waits its delay for candidate sequences: steps of many
        // sessions are worth gathering, since each session sends one step at a time.
        TritonBatching = true,
    };
}
