using System.Diagnostics;

namespace AIaaS.Grains.Diagnostics;

/// <summary>
/// The serving path's trace spans on the replica's silo: <c>aiaas.replica.infer</c> (a request at
/// its replica), <c>aiaas.queue.wait</c> (its time in the batch queue), <c>aiaas.batch.execute</c>
/// (one batch, linked to every request it served) and <c>aiaas.onnxruntime.run</c> (the session
/// run inside it). Spans exist only while a tracer listens.
/// </summary>
internal static class InferenceActivities
{
    public const string SourceName = "AIaaS.Inference";

    public static ActivitySource Source { get; } = new(SourceName);
}
