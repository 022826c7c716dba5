using Microsoft.ML.OnnxRuntime;

namespace AIaaS.Inference.Execution;

/// <summary>Names of the execution providers a model runs on, and the session options for each.</summary>
internal static class ExecutionProviders
{
    public const string Cuda = "CUDA";
    public const string Cpu = "CPU";

    private const string CudaProviderName = "CUDAExecutionProvider";

    // Session configuration keys of onnxruntime_session_options_config_keys.h.
    private const string IntraOpSpinningKey = "session.intra_op.allow_spinning";
    private const string InterOpSpinningKey = "session.inter_op.allow_spinning";

    /// <summary>
    /// Whether this process's ONNX Runtime was built with CUDA. The CPU package never lists it;
    /// the GPU package lists it even on a machine without a device, so appending the provider
    /// or creating the session can still fail, and the caller falls back to CPU then.
    /// </summary>
    internal static bool IsCudaBuilt() => Array.IndexOf(OrtEnv.Instance().GetAvailableProviders(), CudaProviderName) >= 0;

    internal static SessionOptions CreateCpu(OnnxModelOptions options)
    {
        var sessionOptions = new SessionOptions();
        Configure(sessionOptions, options);
        return sessionOptions;
    }

    /// <summary>Session options with CUDA appended; throws <see cref="OnnxRuntimeException"/> when CUDA cannot be appended.</summary>
    internal static SessionOptions CreateCuda(OnnxModelOptions options)
    {
        var sessionOptions = new SessionOptions();
        try
        {
            Configure(sessionOptions, options);
            sessionOptions.AppendExecutionProvider_CUDA(options.DeviceId);
            return sessionOptions;
        }
        catch
        {
            sessionOptions.Dispose();
            throw;
        }
    }

    private static void Configure(SessionOptions sessionOptions, OnnxModelOptions options)
    {
        sessionOptions.GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL;
        if (options.IntraOpNumThreads > 0)
        {
            sessionOptions.IntraOpNumThreads = options.IntraOpNumThreads;
        }

        if (!options.AllowSpinning)
        {
            sessionOptions.AddSessionConfigEntry(IntraOpSpinningKey, "0");
            sessionOptions.AddSessionConfigEntry(InterOpSpinningKey, "0");
        }
    }
}
