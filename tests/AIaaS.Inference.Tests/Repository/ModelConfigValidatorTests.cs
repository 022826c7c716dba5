using AIaaS.Repository;
using AIaaS.Models;

namespace AIaaS.Inference.Tests.Repository;

public sealed class ModelConfigValidatorTests
{
    private static readonly ModelConfig Valid = new()
    {
        Name = "ppocr-cls",
        MaxBatchSize = 32,
        DynamicBatching = new DynamicBatchingConfig { PreferredBatchSize = [8, 16, 32], MaxQueueDelayMicroseconds = 2000 },
        VersionPolicy = new VersionPolicy { Latest = new LatestVersionPolicy(1) },
    };

    [Fact]
    public void Validate_ValidConfig_NoErrors()
    {
        Assert.Empty(ModelConfigValidator.Validate(Valid, "ppocr-cls"));
    }

    [Fact]
    public void Validate_ManyFaults_ReportsEveryErrorNamingFields()
    {
        var config = Valid with
        {
            Name = "ppocr-cls2",
            MaxBatchSize = 16,
            DynamicBatching = new DynamicBatchingConfig
            {
                PreferredBatchSize = [0, 8, 32],
                MaxQueueDelayMicroseconds = -1,
                MaxQueueSize = -2,
                DefaultTimeoutMicroseconds = -3,
                MaxPaddingRatio = 0.5,
                PriorityLevels = 2,
                DefaultPriorityLevel = 3,
            },
            VersionPolicy = new VersionPolicy { All = new AllVersionPolicy(), Specific = new SpecificVersionPolicy([]) },
            Accelerator = "tpu",
            Replicas = 0,
            Executors = 0,
            GpuMemoryMb = -1,
        };

        var errors = ModelConfigValidator.Validate(config, "ppocr-cls");

        Assert.Equal(
            [
                "name 'ppocr-cls2' must equal the model directory name 'ppocr-cls'",
                "dynamic_batching.preferred_batch_size[0] = 0 must be between 1 and max_batch_size (16)",
                "dynamic_batching.preferred_batch_size[2] = 32 must be between 1 and max_batch_size (16)",
                "dynamic_batching.max_queue_delay_microseconds must be >= 0, not -1",
                "dynamic_batching.max_queue_size must be >= 0 (0 means unbounded), not -2",
                "dynamic_batching.default_timeout_microseconds must be >= 0 (0 means no limit), not -3",
                "dynamic_batching.max_padding_ratio must be 0 (pad to the longest) or at least 1, not 0.5",
                "dynamic_batching.default_priority_level must be between 1 and priority_levels (2), not 3",
                "version_policy must set at most one of latest, all, specific",
                "version_policy.specific.versions must not be empty",
                "accelerator 'tpu' must be one of gpu, cpu, auto",
                "replicas must be >= 1, not 0",
                "executors must be >= 1, not 0",
                "gpu_memory_mb must be >= 0 (0 means unknown), not -1",
            ],
            errors);
    }

    [Fact]
    public void Validate_DynamicBatchingWithoutBatchAxis_ReportsMaxBatchSize()
    {
        var errors = ModelConfigValidator.Validate(Valid with { MaxBatchSize = -1 }, "ppocr-cls");

        Assert.Equal(
            [
                "max_batch_size must be >= 0 (0 means no batch axis), not -1",
                "dynamic_batching needs max_batch_size > 0 (the model must have a batch axis)",
            ],
            errors);
    }

    [Fact]
    public void Validate_PriorityLevelWithoutLevels_ReportsDefaultPriorityLevel()
    {
        var config = Valid with { DynamicBatching = Valid.DynamicBatching! with { PriorityLevels = 0, DefaultPriorityLevel = 1 } };

        Assert.Equal(
            ["dynamic_batching.default_priority_level must be 0 when priority_levels is 0, not 1"],
            ModelConfigValidator.Validate(config, "ppocr-cls"));
    }

    [Fact]
    public void Validate_BadSequenceState_ReportsEveryStateField()
    {
        var config = new ModelConfig
        {
            Name = "silero-vad",
            MaxBatchSize = 64,
            DynamicBatching = new DynamicBatchingConfig(),
            SequenceBatching = new SequenceBatchingConfig
            {
                MaxSequenceIdleMicroseconds = -5,
                State =
                [
                    new SequenceStateConfig { InputName = "state", OutputName = "stateN", DataType = "TYPE_FP32", Dims = [2, 128], BatchAxis = 3 },
                    new SequenceStateConfig { InputName = "state", OutputName = "", DataType = "FLOAT", Dims = [], BatchAxis = 0 },
                ],
            },
        };

        Assert.Equal(
            [
                "dynamic_batching and sequence_batching cannot both be set",
                "sequence_batching.max_sequence_idle_microseconds must be >= 0, not -5",
                "sequence_batching.state[0].batch_axis must be between 0 and 2 (the number of dims), not 3",
                "sequence_batching.state[1].input_name 'state' is carried by an earlier state too",
                "sequence_batching.state[1].output_name must not be empty",
                "sequence_batching.state[1].data_type 'FLOAT' is not a Triton type such as TYPE_FP32",
                "sequence_batching.state[1].dims must not be empty",
            ],
            ModelConfigValidator.Validate(config, "silero-vad"));
    }

    [Fact]
    public void Validate_EmptyNameAndOtherPlatform_ReportsBoth()
    {
        var config = Valid with { Name = "", Platform = "tensorrt_plan", VersionPolicy = new VersionPolicy { Latest = new LatestVersionPolicy(-1) } };

        Assert.Equal(
            [
                "name must not be empty",
                "platform 'tensorrt_plan' is not supported; use 'onnxruntime_onnx', 'ensemble' or 'aiaas_processor'",
                "version_policy.latest.num_versions must be >= 1, not -1",
            ],
            ModelConfigValidator.Validate(config));
    }

    [Fact]
    public void ThrowIfInvalid_Errors_MessageListsEveryError()
    {
        var ex = Assert.Throws<ModelRepositoryException>(() =>
            ModelConfigValidator.ThrowIfInvalid(Valid with { Replicas = 0, Executors = 0 }, "ppocr-cls", "ppocr-cls/config.json"));

        Assert.Equal(["replicas must be >= 1, not 0", "executors must be >= 1, not 0"], ex.Errors);
        Assert.Equal(
            $"ppocr-cls/config.json: invalid model configuration{Environment.NewLine}  replicas must be >= 1, not 0{Environment.NewLine}  executors must be >= 1, not 0",
            ex.Message);
    }

    [Fact]
    public void Validate_BadInputAndOutputDeclarations_ReportsEveryField()
    {
        var config = new ModelConfig
        {
            Name = "m",
            MaxBatchSize = 8,
            Input =
            [
                new ModelTensorConfig { Name = "x", DataType = "TYPE_FP32", Dims = [3, 0, -2] },
                new ModelTensorConfig { Name = "x", DataType = "FP32", Dims = [4], MultipleOf = 32 },
                new ModelTensorConfig { Name = "", DataType = "TYPE_STRING", Dims = [2, 2], Reshape = new ModelTensorReshape { Shape = [5] } },
            ],
            Output = [new ModelTensorConfig { Name = "y", DataType = "TYPE_BYTES", Dims = [-1], MultipleOf = -1 }],
        };

        Assert.Equal(
            [
                "input[0].dims [3, 0, -2] must each be -1 (any size) or > 0",
                "input[1].name 'x' is declared by an earlier input too",
                "input[1].data_type 'FP32' is not a Triton type such as TYPE_FP32",
                "input[1].multiple_of applies to dims declared -1, and [4] has none",
                "input[2].name must not be empty",
                "input[2].reshape.shape [5] must hold the same elements as dims [2, 2]",
                "output[0].data_type 'TYPE_BYTES' is not a Triton type such as TYPE_FP32",
                "output[0].multiple_of must be >= 0 (0 means any size), not -1",
            ],
            ModelConfigValidator.Validate(config));
    }

    [Fact]
    public void Validate_CatalogStyleDeclarations_NoErrors()
    {
        var config = new ModelConfig
        {
            Name = "ppocr-det",
            MaxBatchSize = 4,
            Input = [new ModelTensorConfig { Name = "x", DataType = "TYPE_FP32", Dims = [3, -1, -1], MultipleOf = 32 }],
            Output = [new ModelTensorConfig { Name = "y", DataType = "TYPE_FP32", Dims = [2, 2], Reshape = new ModelTensorReshape { Shape = [4] } }],
        };

        Assert.Empty(ModelConfigValidator.Validate(config));
    }
}
