namespace AIaaS.Inference.Execution;

/// <summary>How one ONNX Runtime session is created.</summary>
public sealed record OnnxModelOptions
{
    /// <summary>Run on CUDA when this build of ONNX Runtime has it and a device takes the session; otherwise CPU.</summary>
    public bool PreferCuda { get; init; } = true;

    /// <summary>Threads ONNX Runtime uses inside one operator; 0 leaves ONNX Runtime's default (one per core).</summary>
    public int IntraOpNumThreads { get; init; }

    /// <summary>The CUDA device the session runs on when it runs on CUDA.</summary>
    public int DeviceId { get; init; }
}
