using System.Text.Json.Nodes;
using AIaaS.Repository;
using AIaaS.Inference.Onnx;
using AIaaS.Testing.Onnx;

namespace AIaaS.Bench;

/// <summary>
/// The temporary model repository the harness's silo serves: ppocr-cls with its catalog config
/// (dynamic batching), the same with Triton's batching rule, and without batching, and a tiny model built in code (FP32 <c>x [N,16]</c>,
/// <c>y = x + 1</c>), with and without batching, whose compute is next to nothing, so what is
/// measured on it is the serving path's own cost.
/// </summary>
internal static class BenchRepository
{
    public const string Cls = "ppocr-cls";
    public const string ClsNoBatch = "ppocr-cls-nobatch";
    public const string ClsTriton = "ppocr-cls-triton";
    public const string Tiny = "tiny";
    public const string TinyNoBatch = "tiny-nobatch";
    public const string Null = "cls-sized-null";
    public const string NullNoBatch = "cls-sized-null-nobatch";
    public const int TinyWidth = 16;
    public const int TinyMaxBatch = 64;

    /// <param name="models">The pulled models: ppocr-cls's file, and the catalog whose config it is served with.</param>
    public static void Prepare(string models, string repository)
    {
        var clsModel = Path.Combine(models, Cls, "1", "model.onnx");
        // The catalog's config, not the local config.json: a checkout pulled before the catalog
        // changed keeps its old file, and the harness measures what the project ships.
        var catalog = ModelCatalog.Load(Path.Combine(models, ModelCatalog.FileName));
        var clsConfig = ModelConfigJson.Serialize(catalog.Find(Cls)!.Config);
        Write(repository, Cls, clsConfig, model => File.Copy(clsModel, model));
        Write(repository, ClsNoBatch, WithoutBatching(clsConfig, ClsNoBatch), model => File.Copy(clsModel, model));
        Write(repository, ClsTriton, WithTritonBatching(clsConfig, ClsTriton), model => File.Copy(clsModel, model));

        // Triton's default delay, 0: a batch is cut as soon as an executor is free, so a lone
        // request never waits and requests that queue behind a run share the next one.
        var tiny = TestOnnxModels.AddOne(TinyWidth).Build();
        Write(repository, Tiny, $$$"""{"name": "{{{Tiny}}}", "max_batch_size": {{{TinyMaxBatch}}}, "dynamic_batching": {"max_queue_delay_microseconds": 0}}""", model => File.WriteAllBytes(model, tiny));
        Write(repository, TinyNoBatch, $$"""{"name": "{{TinyNoBatch}}", "max_batch_size": {{TinyMaxBatch}}}""", model => File.WriteAllBytes(model, tiny));

        // ppocr-cls's input and config, next to no compute (the maximum of each image): what a
        // serving path costs per 110 KB request, without the model's CPU in the way.
        var nullModel = new OnnxModelBuilder("cls_sized_null")
            .Input("x", OnnxElementType.Float, "N", 3, 48, 192)
            .Output("y", OnnxElementType.Float, "N")
            .Node("ReduceMax", ["x"], ["y"], OnnxAttribute.Ints("axes", 1, 2, 3), OnnxAttribute.Int("keepdims", 0))
            .Build();
        Write(repository, Null, Renamed(clsConfig, Null), model => File.WriteAllBytes(model, nullModel));
        Write(repository, NullNoBatch, WithoutBatching(clsConfig, NullNoBatch), model => File.WriteAllBytes(model, nullModel));
    }

    private static string Renamed(string config, string name)
    {
        var json = JsonNode.Parse(config)!.AsObject();
        json["name"] = name;
        return json.ToJsonString();
    }

    /// <summary>The same config (executors, max_batch_size...) under another name, without dynamic batching: on and off differ in nothing else.</summary>
    private static string WithoutBatching(string config, string name)
    {
        var json = JsonNode.Parse(Renamed(config, name))!.AsObject();
        json.Remove("dynamic_batching");
        return json.ToJsonString();
    }

    /// <summary>The same config under another name, batching by Triton's rule exactly (a free executor waits for the delay).</summary>
    private static string WithTritonBatching(string config, string name)
    {
        var json = JsonNode.Parse(Renamed(config, name))!.AsObject();
        json["dynamic_batching"]!["triton_batching"] = true;
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
