using AIaaS.Repository;
using AIaaS.Models;
using AIaaS.Testing;

namespace AIaaS.Inference.Tests.Repository;

public sealed class ModelConfigJsonTests
{
    private const string TritonJson = """
        {
          // Triton's names, comments and a trailing comma are all accepted.
          "name": "ppocr-cls",
          "platform": "onnxruntime_onnx",
          "max_batch_size": 32,
          "dynamic_batching": {
            "preferred_batch_size": [8, 16, 32],
            "max_queue_delay_microseconds": "2000",
            "max_queue_size": 100,
            "default_timeout_microseconds": 500000,
            "priority_levels": 2,
            "default_priority_level": 1,
          },
          "version_policy": { "specific": { "versions": [1, 3] } },
          "accelerator": "gpu",
          "replicas": 2,
          "executors": 3,
          "gpu_memory_mb": 512,
        }
        """;

    [Fact]
    public void Parse_TritonNames_ReadsEveryField()
    {
        var config = ModelConfigJson.Parse(TritonJson);

        Assert.Equal("ppocr-cls", config.Name);
        Assert.Equal("onnxruntime_onnx", config.Platform);
        Assert.Equal(32, config.MaxBatchSize);
        Assert.NotNull(config.DynamicBatching);
        Assert.Equal([8, 16, 32], config.DynamicBatching.PreferredBatchSize);
        Assert.Equal(2000, config.DynamicBatching.MaxQueueDelayMicroseconds);
        Assert.Equal(100, config.DynamicBatching.MaxQueueSize);
        Assert.Equal(500000, config.DynamicBatching.DefaultTimeoutMicroseconds);
        Assert.Equal(2, config.DynamicBatching.PriorityLevels);
        Assert.Equal(1, config.DynamicBatching.DefaultPriorityLevel);
        Assert.Null(config.SequenceBatching);
        Assert.Equal([1, 3], config.VersionPolicy!.Specific!.Versions);
        Assert.Null(config.VersionPolicy?.Latest);
        Assert.Equal("gpu", config.Accelerator);
        Assert.Equal(2, config.Replicas);
        Assert.Equal(3, config.Executors);
        Assert.Equal(512, config.GpuMemoryMb);
    }

    [Fact]
    public void Serialize_SequenceBatching_WritesTritonNamesAndRoundTrips()
    {
        var config = new ModelConfig
        {
            Name = "silero-vad",
            MaxBatchSize = 64,
            SequenceBatching = new SequenceBatchingConfig
            {
                MaxSequenceIdleMicroseconds = 60_000_000,
                State =
                [
                    new SequenceStateConfig { InputName = "state", OutputName = "stateN", DataType = "TYPE_FP32", Dims = [2, 128], BatchAxis = 1 },
                    new SequenceStateConfig { InputName = "input", OutputName = "input", DataType = "TYPE_FP32", Dims = [64], BatchAxis = 0 },
                ],
            },
            VersionPolicy = new VersionPolicy { Latest = new LatestVersionPolicy(2) },
        };

        var json = ModelConfigJson.Serialize(config);
        var parsed = ModelConfigJson.Parse(json);

        Assert.Contains("\"max_batch_size\": 64", json, StringComparison.Ordinal);
        Assert.Contains("\"max_sequence_idle_microseconds\": 60000000", json, StringComparison.Ordinal);
        Assert.Contains("\"input_name\": \"state\"", json, StringComparison.Ordinal);
        Assert.Contains("\"output_name\": \"stateN\"", json, StringComparison.Ordinal);
        Assert.Contains("\"batch_axis\": 1", json, StringComparison.Ordinal);
        Assert.Contains("\"num_versions\": 2", json, StringComparison.Ordinal);
        Assert.Contains("\"gpu_memory_mb\": 0", json, StringComparison.Ordinal);
        Assert.DoesNotContain("dynamic_batching", json, StringComparison.Ordinal);
        Assert.Equal(json, ModelConfigJson.Serialize(parsed));
        Assert.Equal([2L, 128L], parsed.SequenceBatching!.State[0].Dims);
        Assert.Equal(1, parsed.SequenceBatching.State[0].BatchAxis);
        Assert.Equal("input", parsed.SequenceBatching.State[1].OutputName);
    }

    [Fact]
    public void Serialize_DynamicBatching_RoundTripsEveryField()
    {
        var config = ModelConfigJson.Parse(TritonJson);

        var json = ModelConfigJson.Serialize(config);

        Assert.Contains("\"preferred_batch_size\": [", json, StringComparison.Ordinal);
        Assert.Contains("\"max_queue_delay_microseconds\": 2000", json, StringComparison.Ordinal);
        Assert.Contains("\"version_policy\": {", json, StringComparison.Ordinal);
        Assert.Equal(json, ModelConfigJson.Serialize(ModelConfigJson.Parse(json)));
    }

    [Fact]
    public void Parse_TritonBatching_ReadsItAndDefaultsToFalse()
    {
        Assert.True(ModelConfigJson.Parse("""{"name": "m", "max_batch_size": 8, "dynamic_batching": {"triton_batching": true}}""").DynamicBatching!.TritonBatching);
        Assert.False(ModelConfigJson.Parse("""{"name": "m", "max_batch_size": 8, "dynamic_batching": {}}""").DynamicBatching!.TritonBatching);
    }

    [Fact]
    public void Parse_IsolateTenants_ReadsItAndLeavesItUnsetByDefault()
    {
        Assert.False(ModelConfigJson.Parse("""{"name": "m", "max_batch_size": 8, "dynamic_batching": {"isolate_tenants": false}}""").DynamicBatching!.IsolateTenants);
        Assert.Null(ModelConfigJson.Parse("""{"name": "m", "max_batch_size": 8, "dynamic_batching": {}}""").DynamicBatching!.IsolateTenants);
    }

    [Fact]
    public void Parse_MaxPaddingRatio_ReadsItAndDefaultsToNoBound()
    {
        Assert.Equal(1.5, ModelConfigJson.Parse("""{"name": "m", "max_batch_size": 8, "dynamic_batching": {"max_padding_ratio": 1.5}}""").DynamicBatching!.MaxPaddingRatio);
        Assert.Equal(0, ModelConfigJson.Parse("""{"name": "m", "max_batch_size": 8, "dynamic_batching": {}}""").DynamicBatching!.MaxPaddingRatio);
    }

    [Fact]
    public void Parse_UnknownFields_ThrowsNamingEveryOneWithPath()
    {
        var ex = Assert.Throws<ModelRepositoryException>(() => ModelConfigJson.Parse(
            """{"name": "m", "max_batch_sise": 8, "dynamic_batching": {"max_queue_delay": 5}, "sequence_batching": {"state": [{"dim": [1]}]}}""",
            "m/config.json"));

        Assert.Equal(
            [
                "unknown field 'max_batch_sise' at $ (known fields: name, platform, max_batch_size, dynamic_batching, sequence_batching, version_policy, accelerator, replicas, executors, gpu_memory_mb, input, output, autoscaling, processor, parameters, ensemble_scheduling, tabular, text_classifier)",
                "unknown field 'max_queue_delay' at $.dynamic_batching (known fields: preferred_batch_size, max_queue_delay_microseconds, max_queue_size, default_timeout_microseconds, priority_levels, default_priority_level, triton_batching, max_padding_ratio, isolate_tenants)",
                "unknown field 'dim' at $.sequence_batching.state[0] (known fields: input_name, output_name, data_type, dims, batch_axis)",
            ],
            ex.Errors);
        Assert.StartsWith("m/config.json: invalid model configuration", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_WrongType_ThrowsNamingPath()
    {
        var ex = Assert.Throws<ModelRepositoryException>(() => ModelConfigJson.Parse("""{"max_batch_size": "many"}""", "m/config.json"));

        Assert.StartsWith("m/config.json: invalid model configuration: ", ex.Message, StringComparison.Ordinal);
        Assert.EndsWith("(at $.max_batch_size)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_NotJson_ThrowsNamingSource()
    {
        var ex = Assert.Throws<ModelRepositoryException>(() => ModelConfigJson.Parse("{ max_batch_size: 8 }", "x/config.json"));

        Assert.StartsWith("x/config.json: invalid model configuration:", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Normalize_EmptyConfig_FillsEveryDefault()
    {
        var config = ModelConfigJson.Normalize(ModelConfigJson.Parse("{}"), "ppocr-det");

        Assert.Equal("ppocr-det", config.Name);
        Assert.Equal("onnxruntime_onnx", config.Platform);
        Assert.Equal(0, config.MaxBatchSize);
        Assert.Equal(ModelAccelerators.Auto, config.Accelerator);
        Assert.Equal(1, config.Replicas);
        Assert.Equal(1, config.Executors);
        Assert.Equal(new LatestVersionPolicy(1), config.VersionPolicy?.Latest);
        Assert.Null(config.VersionPolicy?.All);
        Assert.Null(config.VersionPolicy?.Specific);
        Assert.Empty(ModelConfigValidator.Validate(config, "ppocr-det"));
    }

    [Fact]
    public void Normalize_PresentValues_KeptAndAcceleratorLowered()
    {
        var config = ModelConfigJson.Normalize(
            ModelConfigJson.Parse("""{"name": "other", "accelerator": " GPU ", "version_policy": {"latest": {}}, "sequence_batching": {"state": [{"input_name": "s", "output_name": "t", "data_type": "", "dims": [1]}]}}"""),
            "dir");

        Assert.Equal("other", config.Name);
        Assert.Equal("gpu", config.Accelerator);
        Assert.Equal(new LatestVersionPolicy(1), config.VersionPolicy?.Latest);
        Assert.Equal("TYPE_FP32", config.SequenceBatching!.State[0].DataType);
    }

    [Fact]
    public void Read_NameAbsent_TakesDirectoryName()
    {
        using var temp = new TemporaryDirectory();
        var path = temp.Write("silero-vad/config.json", """{"max_batch_size": 64}""");

        var config = ModelConfigJson.Read(path);

        Assert.Equal("silero-vad", config.Name);
        Assert.Equal(64, config.MaxBatchSize);
    }

    [Fact]
    public void Write_ExistingFileAndNoOverwrite_KeepsFile()
    {
        using var temp = new TemporaryDirectory();
        var path = temp.Write("m/config.json", "{\"max_batch_size\": 2}");

        var written = ModelConfigJson.Write(path, new ModelConfig { Name = "m", MaxBatchSize = 8 }, overwrite: false);

        Assert.False(written);
        Assert.Equal("{\"max_batch_size\": 2}", File.ReadAllText(path));
        Assert.Equal(["config.json"], Directory.GetFiles(temp.Combine("m")).Select(Path.GetFileName));
    }

    [Fact]
    public void Write_Overwrite_ReplacesFileWithoutLeavingTemporaries()
    {
        using var temp = new TemporaryDirectory();
        var path = temp.Write("m/config.json", "{}");

        var written = ModelConfigJson.Write(path, new ModelConfig { Name = "m", MaxBatchSize = 8 }, overwrite: true);

        Assert.True(written);
        Assert.Equal(8, ModelConfigJson.Read(path).MaxBatchSize);
        Assert.Equal(["config.json"], Directory.GetFiles(temp.Combine("m")).Select(Path.GetFileName));
    }
}
