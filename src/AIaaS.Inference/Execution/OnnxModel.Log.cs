using Microsoft.Extensions.Logging;

namespace AIaaS.Inference.Execution;

internal sealed partial class OnnxModel
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Model {ModelPath} runs on {ExecutionProvider}: {Reason}")]
    private static partial void LogExecutionProviderChosen(ILogger logger, string modelPath, string executionProvider, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Model {ModelPath} cannot run on CUDA device {DeviceId}; falling back to CPU")]
    private static partial void LogCudaFailed(ILogger logger, string modelPath, int deviceId, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Loaded {ModelPath} on {ExecutionProvider} in {ElapsedMilliseconds:F1} ms")]
    private static partial void LogLoaded(ILogger logger, string modelPath, string executionProvider, double elapsedMilliseconds);
}
