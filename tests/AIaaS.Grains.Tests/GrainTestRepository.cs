using AIaaS.Testing;
using AIaaS.Testing.Onnx;

namespace AIaaS.Grains.Tests;

/// <summary>The tiny models the in-process grain clusters serve.</summary>
internal sealed class GrainTestRepository : TinyModelRepository
{
    public GrainTestRepository()
    {
        Add("scale", """{"name": "scale", "max_batch_size": 8, "replicas": 2}""", TestOnnxModels.Scale(2f).Build());
        Add("sum", """{"name": "sum", "max_batch_size": 8}""", TestOnnxModels.SumAndProduct().Build());
        Add("shrink", """{"name": "shrink", "max_batch_size": 8, "replicas": 2}""", TestOnnxModels.Scale(2f).Build());
        // Statistics tests: one model each, so their exact counts never see another test's requests.
        Add("stats-single", """{"name": "stats-single", "max_batch_size": 8}""", TestOnnxModels.Scale(2f).Build());
        Add("stats-unbatched", """{"name": "stats-unbatched", "max_batch_size": 0}""", TestOnnxModels.Scale(2f).Build());
        Add("stats-failures", """{"name": "stats-failures", "max_batch_size": 8, "dynamic_batching": {}}""", TestOnnxModels.Scale(2f).Build());
        Add("stats-unload", """{"name": "stats-unload", "max_batch_size": 8}""", TestOnnxModels.Scale(2f).Build());
        // Batches of 4 wait up to 10 s for their fourth item; 8 items (max_batch_size) cut at once.
        Add("stats-batched", """{"name": "stats-batched", "max_batch_size": 8, "replicas": 2, "dynamic_batching": {"preferred_batch_size": [4], "max_queue_delay_microseconds": 10000000, "triton_batching": true}}""", TestOnnxModels.Scale(2f).Build());
        // Shadow copies: its replica's figures see only that test's copies.
        Add("shadowed", """{"name": "shadowed", "max_batch_size": 8}""", TestOnnxModels.Scale(2f).Build());
        // Sessions: silero-shaped state (state [2, B, 2] on axis 1, one carried sample of input).
        const string State = """[{"input_name": "state", "output_name": "stateN", "dims": [2, 2], "batch_axis": 1}, {"input_name": "input", "output_name": "input", "dims": [1]}]""";
        Add("stateful", """{"name": "stateful", "max_batch_size": 8, "sequence_batching": {"max_sequence_idle_microseconds": 60000000, "state": """ + State + "}}", TestOnnxModels.StatefulAccumulator().Build());
        Add("stateful-idle", """{"name": "stateful-idle", "max_batch_size": 8, "sequence_batching": {"max_sequence_idle_microseconds": 300000, "state": """ + State + "}}", TestOnnxModels.StatefulAccumulator().Build());
        Add("stateful-every4", """{"name": "stateful-every4", "max_batch_size": 8, "sequence_batching": {"checkpoint": {"every": 4}, "max_sequence_idle_microseconds": 60000000, "state": """ + State + "}}", TestOnnxModels.StatefulAccumulator().Build());
        // Sequence statistics: its exact counts see only that test's sessions.
        Add("stateful-counted", """{"name": "stateful-counted", "max_batch_size": 8, "sequence_batching": {"checkpoint": {"every": 2}, "max_sequence_idle_microseconds": 60000000, "state": """ + State + "}}", TestOnnxModels.StatefulAccumulator().Build());
        // Four sessions' steps wait up to 10 s to leave as one batch of 4.
        Add("stateful-batched", """{"name": "stateful-batched", "max_batch_size": 8, "sequence_batching": {"oldest": {"preferred_batch_size": [4], "max_queue_delay_microseconds": 10000000}, "state": """ + State + "}}", TestOnnxModels.StatefulAccumulator().Build());
        // About a second to load (30,000 nodes for ONNX Runtime to optimise): reads while it loads.
        Add("slow-load", """{"name": "slow-load", "max_batch_size": 8}""", TestOnnxModels.SlowToLoad(30_000).Build());
        // Not an ONNX model: loading it must fail with a reason, and fail nothing else.
        Add("broken", """{"name": "broken", "max_batch_size": 8}""", "not an onnx model"u8.ToArray());
    }
}
