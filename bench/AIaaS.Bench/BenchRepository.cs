using System.Text.Json.Nodes;
using AIaaS.Testing.Onnx;

namespace AIaaS.Bench;

/// <summary>
/// The temporary model repository the harness's silo serves: ppocr-cls with its catalog config
/// (dynamic batching) and without batching, and a tiny model built in code (FP32 <c>x [N,16]</c>,
/// <c>y = x + 1</c>), with and without batching, whose compute is next to nothing, so what is
/// measured on it is the serving path's own cost.
/// </summary>
internal static class BenchRepository
{
    public const string Cls = "ppocr-cls";
    public const string ClsNoBatch = "ppocr-cls-nobatch";
    public const string Tiny = "tiny";
    public const string TinyNoBatch = "tiny-nobatch";
    public const int TinyWidth = 16;
    public const int TinyMaxBatch = 64;

    public static void Prepare(string clsSource, string repository)
    {
        var clsModel = Path.Combine(clsSource, "1", "model.onnx");
        var clsConfig = File.ReadAllText(Path.Combine(clsSource, "config.json"));
        Write(repository, Cls, clsConfig, model => File.Copy(clsModel, model));
        Write(repository, ClsNoBatch, WithoutBatching(clsConfig, ClsNoBatch), model => File.Copy(clsModel, model));

        // Triton's default delay, 0: a batch is cut as soon as an executor is free, so a lone
        // request never waits and requests that queue behind a run share the next one.
        var tiny = OnnxModelBuilder.AddOne(TinyWidth).Build();
        Write(repository, Tiny, $$$"""{"name": "{{{Tiny}}}", "max_batch_size": {{{TinyMaxBatch}}}, "dynamic_batching": {"max_queue_delay_microseconds": 0}}""", model => File.WriteAllBytes(model, tiny));
        Write(repository, TinyNoBatch, $$"""{"name": "{{TinyNoBatch}}", "max_batch_size": {{TinyMaxBatch}}}""", model => File.WriteAllBytes(model, tiny));
    }

    /// <summary>The same config (executors, max_batch_size...) under another name, without dynamic batching: on and off differ in nothing else.</summary>
    private static string WithoutBatching(string config, string name)
    {
        var json = JsonNode.Parse(config)!.AsObject();
        json["name"] = name;
        json.Remove("dynamic_batching");
        return json.ToJsonString();
    }

    public static string ModelFile(string repository, string name) => Path.Combine(repository, name, "1", "model.onnx");

    private static void Write(string repository, string name, string config, Action<string> writeModel)
    {
        Directory.CreateDirectory(Path.Combine(repository, name, "1"));
        File.WriteAllText(Path.Combine(repository, name, "config.json"), config);
        writeModel(ModelFile(repository, name));
    }
}
