using System.Diagnostics;
using AIaaS.Inference.Execution;
using AIaaS.Tensors;
using Microsoft.Extensions.Logging.Abstractions;

namespace AIaaS.Bench;

/// <summary>The ceiling: ONNX Runtime called in this process, one thread, at a fixed batch size.</summary>
internal static class RawOrt
{
    public static double ItemsPerSecond(OnnxModel model, int batch, TimeSpan duration)
    {
        var input = Workload.ClsInput(batch);
        model.Run([input]);
        var stopwatch = Stopwatch.StartNew();
        long items = 0;
        while (stopwatch.Elapsed < duration)
        {
            model.Run([input]);
            items += batch;
        }

        return items / stopwatch.Elapsed.TotalSeconds;
    }

    public static OnnxModel Load(string path) => OnnxModel.Load(path, new OnnxModelOptions(), NullLogger.Instance);

    public static TensorPayload Input(int batch) => Workload.ClsInput(batch);
}
