using AIaaS.Testing.Onnx;

namespace AIaaS.Grains.Tests;

/// <summary>A temporary model repository of tiny models built in code, for exact and fast grain tests.</summary>
public sealed class TinyModelRepository : IDisposable
{
    public TinyModelRepository()
    {
        Root = Directory.CreateTempSubdirectory("aiaas-repo-").FullName;
        Add("scale", """{"name": "scale", "max_batch_size": 8, "replicas": 2}""", OnnxModelBuilder.Scale(2f).Build());
        Add("sum", """{"name": "sum", "max_batch_size": 8}""", OnnxModelBuilder.SumAndProduct().Build());
        Add("shrink", """{"name": "shrink", "max_batch_size": 8, "replicas": 2}""", OnnxModelBuilder.Scale(2f).Build());
        // Statistics tests: one model each, so their exact counts never see another test's requests.
        Add("stats-single", """{"name": "stats-single", "max_batch_size": 8}""", OnnxModelBuilder.Scale(2f).Build());
        Add("stats-unbatched", """{"name": "stats-unbatched", "max_batch_size": 0}""", OnnxModelBuilder.Scale(2f).Build());
        Add("stats-failures", """{"name": "stats-failures", "max_batch_size": 8, "dynamic_batching": {}}""", OnnxModelBuilder.Scale(2f).Build());
        Add("stats-unload", """{"name": "stats-unload", "max_batch_size": 8}""", OnnxModelBuilder.Scale(2f).Build());
        // Batches of 4 wait up to 10 s for their fourth item; 8 items (max_batch_size) cut at once.
        Add("stats-batched", """{"name": "stats-batched", "max_batch_size": 8, "replicas": 2, "dynamic_batching": {"preferred_batch_size": [4], "max_queue_delay_microseconds": 10000000, "triton_batching": true}}""", OnnxModelBuilder.Scale(2f).Build());
        // Not an ONNX model: loading it must fail with a reason, and fail nothing else.
        Add("broken", """{"name": "broken", "max_batch_size": 8}""", "not an onnx model"u8.ToArray());
    }

    public string Root { get; }

    public void Add(string name, string config, byte[] model, int version = 1)
    {
        var dir = Path.Combine(Root, name);
        Directory.CreateDirectory(Path.Combine(dir, version.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        File.WriteAllText(Path.Combine(dir, "config.json"), config);
        File.WriteAllBytes(Path.Combine(dir, version.ToString(System.Globalization.CultureInfo.InvariantCulture), "model.onnx"), model);
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
