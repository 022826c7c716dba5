namespace AIaaS.Hosting;

/// <summary>
/// ONNX Runtime's threading for the sessions replicas serve, bound from <c>AIaaS:Onnx</c>. The
/// defaults suit a silo whose cores also parse, route and answer requests.
/// </summary>
public sealed class OnnxRuntimeSettings
{
    /// <summary>Threads one operator may use (<c>AIaaS:Onnx:IntraOpThreads</c>); 0, the default, is ONNX Runtime's: one per core.</summary>
    public int IntraOpThreads { get; set; }

    /// <summary>
    /// Whether ONNX Runtime's threads spin-wait between parallel sections (<c>AIaaS:Onnx:AllowSpinning</c>).
    /// Off by default: a spinning thread holds a core that Kestrel, Orleans and the next batch's
    /// assembly need, which costs served throughput (docs/benchmarks.md).
    /// </summary>
    public bool AllowSpinning { get; set; }
}
