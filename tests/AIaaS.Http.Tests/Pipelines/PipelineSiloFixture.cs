using AIaaS.Testing;
using AIaaS.Testing.Onnx;

namespace AIaaS.Http.Tests.Pipelines;

/// <summary>
/// A silo over tiny models and two pipelines of them: <c>diamond</c>, whose two middle steps read
/// the same input and feed one last step, and <c>batched</c>, a single step whose model batches as
/// Triton does (waits up to 2 s for 4 requests), so concurrent pipeline requests show in its
/// batch statistics; and <c>batched-pool</c>, the <c>mean_pool</c> processor batching the same way.
/// </summary>
public sealed class PipelineSiloFixture : IAsyncLifetime
{
    public const string Diamond = "diamond";
    public const string Batched = "batched";
    public const string BatchedStep = "batched-scale";
    public const string BatchedProcessor = "batched-pool";

    private readonly TinyModelRepository _repository = new();
    private readonly TemporaryDirectory _data = new("data");
    private SiloHost? _host;

    public HttpClient Client => (_host ?? throw new InvalidOperationException("the silo has not started")).Client;

    public async Task InitializeAsync()
    {
        _repository.Add("add-one", TestOnnxModels.AddOne());
        _repository.Add("scale", TestOnnxModels.Scale(2f));
        _repository.Add("sum-product", TestOnnxModels.SumAndProduct());
        _repository.Add(BatchedStep, $$"""
            {"name": "{{BatchedStep}}", "max_batch_size": 4,
             "dynamic_batching": {"triton_batching": true, "preferred_batch_size": [4], "max_queue_delay_microseconds": 2000000} }
            """, TestOnnxModels.Scale(3f).Build());
        // A C# processor batches as a model does: the same scheduler from the same config.
        AddProcessor(BatchedProcessor, """
            "processor": "mean_pool", "max_batch_size": 4, "parameters": {"normalize": {"string_value": "false"}},
            "dynamic_batching": {"triton_batching": true, "preferred_batch_size": [4], "max_queue_delay_microseconds": 2000000}
            """);
        AddPipeline(Diamond, """
            "input": [{"name": "x", "data_type": "TYPE_FP32", "dims": [-1, 4]}],
            "output": [{"name": "sum", "data_type": "TYPE_FP32", "dims": [-1, 4]}, {"name": "product", "data_type": "TYPE_FP32", "dims": [-1, 4]}],
            "ensemble_scheduling": {"step": [
              {"model_name": "sum-product", "model_version": -1, "input_map": {"a": "plus", "b": "doubled"}, "output_map": {"sum": "sum", "product": "product"}},
              {"model_name": "add-one", "model_version": -1, "input_map": {"x": "x"}, "output_map": {"y": "plus"}},
              {"model_name": "scale", "model_version": -1, "input_map": {"x": "x"}, "output_map": {"y": "doubled"}}
            ]}
            """);
        AddPipeline(Batched, $$"""
            "input": [{"name": "x", "data_type": "TYPE_FP32", "dims": [-1, 4]}],
            "output": [{"name": "tripled", "data_type": "TYPE_FP32", "dims": [-1, 4]}],
            "ensemble_scheduling": {"step": [
              {"model_name": "{{BatchedStep}}", "model_version": -1, "input_map": {"x": "x"}, "output_map": {"y": "tripled"} }
            ]}
            """);

        _host = await SiloHost.StartAsync(_repository.Root, _data.Path);
        foreach (var model in new[] { Diamond, Batched, BatchedProcessor })
        {
            await _host.WaitUntilModelReadyAsync(model);
        }
    }

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        _data.Dispose();
        _repository.Dispose();
    }

    private void AddPipeline(string name, string body) => AddWithoutArtifact(name, $$"""{"name": "{{name}}", "platform": "ensemble", "max_batch_size": 0, {{body}}}""");

    private void AddProcessor(string name, string body) => AddWithoutArtifact(name, $$"""{"name": "{{name}}", "platform": "aiaas_processor", {{body}}}""");

    private void AddWithoutArtifact(string name, string config)
    {
        Directory.CreateDirectory(Path.Combine(_repository.Root, name, "1"));
        File.WriteAllText(Path.Combine(_repository.Root, name, "config.json"), config);
    }
}
