namespace AIaaS.Inference.Execution;

/// <summary>How one ONNX Runtime session is created.</summary>
internal sealed record OnnxModelOptions
{
    /// <summary>Run on CUDA when this build of ONNX Runtime has it and a device takes the session; otherwise CPU.</summary>
    public bool PreferCuda { get; init; } = true;

    /// <summary>Threads ONNX Runtime uses inside one operator; 0 leaves ONNX Runtime's default (one per core).</summary>
    public int IntraOpNumThreads { get; init; }

    /// <summary>
    /// Whether ONNX Runtime's intra-op and inter-op threads spin-wait for work between parallel
    /// sections (ONNX Runtime's default, true) or sleep at once (false). Spinning shaves a little
    /// latency off a session that has the cores to itself; in a process that also parses, routes
    /// and answers requests, the spinning threads take the cores that work needs.
    /// </summary>
    public bool AllowSpinning { get; init; } = true;

    /// <summary>The CUDA device the session runs on when it runs on CUDA.</summary>
    public int DeviceId { get; init; }

    /// <summary>
    /// These options for a session that <paramref name="executors"/> threads run at once: unless a
    /// thread count is set, the cores are divided among the executors (at least one thread each),
    /// so concurrent runs do not oversubscribe the cores. With as many executors as cores, each run
    /// is single-threaded and its operators never wait on another thread.
    /// </summary>
    public OnnxModelOptions ForExecutors(int executors, int cores)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(executors, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(cores, 1);
        return IntraOpNumThreads > 0 || executors == 1 ? this : this with { IntraOpNumThreads = Math.Max(1, cores / executors) };
    }
}
