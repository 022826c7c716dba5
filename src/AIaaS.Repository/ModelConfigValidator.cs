using AIaaS.Models;
using AIaaS.Tensors;

namespace AIaaS.Repository;

/// <summary>
/// Checks a normalised <see cref="ModelConfig"/> and reports every error at once, each naming
/// its field with Triton's JSON name, so an operator fixes a configuration in one pass.
/// </summary>
internal static class ModelConfigValidator
{
    /// <summary>The only platform this runtime serves.</summary>
    public const string OnnxPlatform = "onnxruntime_onnx";

    /// <summary>
    /// Every error in <paramref name="config"/>; empty when it is valid. When
    /// <paramref name="directoryName"/> is given, <c>name</c> must equal it (Triton's rule: the
    /// directory is the model's name). <paramref name="checks"/> add what the repository does not
    /// know (a processor's parameters).
    /// </summary>
    public static IReadOnlyList<string> Validate(ModelConfig config, string? directoryName = null, IReadOnlyList<IModelConfigCheck>? checks = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        var errors = new List<string>();

        if (string.IsNullOrWhiteSpace(config.Name))
        {
            errors.Add("name must not be empty");
        }
        else if (directoryName is not null && !string.Equals(config.Name, directoryName, StringComparison.Ordinal))
        {
            errors.Add($"name '{config.Name}' must equal the model directory name '{directoryName}'");
        }

        if (config.Platform is not (ModelPlatforms.Onnx or ModelPlatforms.Ensemble or ModelPlatforms.Processor))
        {
            errors.Add($"platform '{config.Platform}' is not supported; use '{ModelPlatforms.Onnx}', '{ModelPlatforms.Ensemble}' or '{ModelPlatforms.Processor}'");
        }

        PipelineConfigValidator.Validate(config, errors);

        if (config.MaxBatchSize < 0)
        {
            errors.Add($"max_batch_size must be >= 0 (0 means no batch axis), not {config.MaxBatchSize}");
        }

        if (config.DynamicBatching is not null && config.SequenceBatching is not null)
        {
            errors.Add("dynamic_batching and sequence_batching cannot both be set");
        }

        if (config.DynamicBatching is { } dynamic)
        {
            ValidateDynamicBatching(dynamic, config.MaxBatchSize, errors);
        }

        if (config.SequenceBatching is { } sequence)
        {
            ValidateSequenceBatching(sequence, errors);
            SequenceBatchingRules.Validate(sequence, config.MaxBatchSize, errors);
        }

        if (config.VersionPolicy is { } policy)
        {
            ValidateVersionPolicy(policy, errors);
        }

        ValidateTensors(config.Input, "input", errors);
        // A pipeline's outputs may leave data_type and dims to the steps that produce them.
        if (config.Platform != ModelPlatforms.Ensemble)
        {
            ValidateTensors(config.Output, "output", errors);
        }

        ValidateRaggedBatch(config, errors);

        if (config.Accelerator is not (ModelAccelerators.Gpu or ModelAccelerators.Cpu or ModelAccelerators.Auto))
        {
            errors.Add($"accelerator '{config.Accelerator}' must be one of gpu, cpu, auto");
        }

        if (config.Replicas < 1)
        {
            errors.Add($"replicas must be >= 1, not {config.Replicas}");
        }

        if (config.Executors < 1)
        {
            errors.Add($"executors must be >= 1, not {config.Executors}");
        }

        if (config.GpuMemoryMb < 0)
        {
            errors.Add($"gpu_memory_mb must be >= 0 (0 means unknown), not {config.GpuMemoryMb}");
        }

        if (config.Autoscaling is { } autoscaling)
        {
            errors.AddRange(AutoscalingConfigValidator.Validate(autoscaling));
        }

        if (config.Tabular is { } tabular)
        {
            errors.AddRange(TabularConfigValidator.Validate(tabular, config.Platform, config.MaxBatchSize));
        }

        if (config.TextClassifier is { } classifier)
        {
            errors.AddRange(TextClassifierConfigValidator.Validate(classifier, config.Platform, config.MaxBatchSize));
        }

        foreach (var check in checks ?? [])
        {
            errors.AddRange(check.Validate(config));
        }

        return errors;
    }

    /// <summary>Validates and throws one exception listing every error, naming <paramref name="source"/>.</summary>
    /// <exception cref="ModelRepositoryException">The configuration has at least one error.</exception>
    public static void ThrowIfInvalid(ModelConfig config, string? directoryName, string source, IReadOnlyList<IModelConfigCheck>? checks = null)
    {
        var errors = Validate(config, directoryName, checks);
        if (errors.Count > 0)
        {
            throw new ModelRepositoryException($"{source}: invalid model configuration", errors);
        }
    }

    private static void ValidateDynamicBatching(DynamicBatchingConfig dynamic, int maxBatchSize, List<string> errors)
    {
        if (maxBatchSize <= 0)
        {
            errors.Add("dynamic_batching needs max_batch_size > 0 (the model must have a batch axis)");
        }
        else
        {
            for (var i = 0; i < dynamic.PreferredBatchSize.Length; i++)
            {
                var size = dynamic.PreferredBatchSize[i];
                if (size < 1 || size > maxBatchSize)
                {
                    errors.Add($"dynamic_batching.preferred_batch_size[{i}] = {size} must be between 1 and max_batch_size ({maxBatchSize})");
                }
            }
        }

        if (dynamic.MaxQueueDelayMicroseconds < 0)
        {
            errors.Add($"dynamic_batching.max_queue_delay_microseconds must be >= 0, not {dynamic.MaxQueueDelayMicroseconds}");
        }

        if (dynamic.MaxQueueSize < 0)
        {
            errors.Add($"dynamic_batching.max_queue_size must be >= 0 (0 means unbounded), not {dynamic.MaxQueueSize}");
        }

        if (dynamic.DefaultTimeoutMicroseconds < 0)
        {
            errors.Add($"dynamic_batching.default_timeout_microseconds must be >= 0 (0 means no limit), not {dynamic.DefaultTimeoutMicroseconds}");
        }

        if (dynamic.MaxPaddingRatio != 0 && !(dynamic.MaxPaddingRatio >= 1))
        {
            errors.Add($"dynamic_batching.max_padding_ratio must be 0 (pad to the longest) or at least 1, not {dynamic.MaxPaddingRatio}");
        }

        // Triton's levels are 1-based, 1 the highest; with no levels the default must stay 0.
        if (dynamic.PriorityLevels < 0)
        {
            errors.Add($"dynamic_batching.priority_levels must be >= 0, not {dynamic.PriorityLevels}");
        }
        else if (dynamic.PriorityLevels == 0 && dynamic.DefaultPriorityLevel != 0)
        {
            errors.Add($"dynamic_batching.default_priority_level must be 0 when priority_levels is 0, not {dynamic.DefaultPriorityLevel}");
        }
        else if (dynamic.PriorityLevels > 0 && (dynamic.DefaultPriorityLevel < 1 || dynamic.DefaultPriorityLevel > dynamic.PriorityLevels))
        {
            errors.Add($"dynamic_batching.default_priority_level must be between 1 and priority_levels ({dynamic.PriorityLevels}), not {dynamic.DefaultPriorityLevel}");
        }
    }

    private static void ValidateSequenceBatching(SequenceBatchingConfig sequence, List<string> errors)
    {
        if (sequence.MaxSequenceIdleMicroseconds < 0)
        {
            errors.Add($"sequence_batching.max_sequence_idle_microseconds must be >= 0, not {sequence.MaxSequenceIdleMicroseconds}");
        }

        var inputs = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < sequence.State.Length; i++)
        {
            var state = sequence.State[i];
            var field = $"sequence_batching.state[{i}]";
            if (string.IsNullOrWhiteSpace(state.InputName))
            {
                errors.Add($"{field}.input_name must not be empty");
            }
            else if (!inputs.Add(state.InputName))
            {
                errors.Add($"{field}.input_name '{state.InputName}' is carried by an earlier state too");
            }

            if (string.IsNullOrWhiteSpace(state.OutputName))
            {
                errors.Add($"{field}.output_name must not be empty");
            }

            if (!IsKnownDataType(state.DataType))
            {
                errors.Add($"{field}.data_type '{state.DataType}' is not a Triton type such as TYPE_FP32");
            }

            if (state.Dims.Length == 0)
            {
                errors.Add($"{field}.dims must not be empty");
            }
            else if (state.Dims.Any(d => d <= 0))
            {
                errors.Add($"{field}.dims [{string.Join(", ", state.Dims)}] must all be > 0");
            }

            // The batch axis is inserted into dims, so it may also come after the last one.
            if (state.BatchAxis < 0 || state.BatchAxis > state.Dims.Length)
            {
                errors.Add($"{field}.batch_axis must be between 0 and {state.Dims.Length} (the number of dims), not {state.BatchAxis}");
            }
        }
    }

    /// <summary>Ragged batching pads on the first dimension after the batch axis: it needs a batch axis, that dimension open, and fixed-size elements.</summary>
    private static void ValidateRaggedBatch(ModelConfig config, List<string> errors)
    {
        var ragged = (config.Input ?? []).Select((t, i) => (Tensor: t, Field: $"input[{i}]"))
            .Concat((config.Output ?? []).Select((t, i) => (Tensor: t, Field: $"output[{i}]")))
            .Where(t => t.Tensor.AllowRaggedBatch)
            .ToArray();
        foreach (var (tensor, field) in ragged)
        {
            if (config.MaxBatchSize <= 0 || config.SequenceBatching is not null)
            {
                errors.Add($"{field}.allow_ragged_batch needs max_batch_size above 0 and no sequence_batching");
            }

            if (tensor.Dims is not [-1, ..])
            {
                errors.Add($"{field}.allow_ragged_batch pads the first dimension after the batch axis, which dims [{string.Join(", ", tensor.Dims)}] must declare -1");
            }

            if (tensor.DataType == "TYPE_STRING" || tensor.Reshape is not null)
            {
                errors.Add($"{field}.allow_ragged_batch applies to fixed-size datatypes without reshape");
            }
        }

        if (ragged.Length > 0 && !ragged.Any(t => t.Field.StartsWith("input", StringComparison.Ordinal)))
        {
            errors.Add("allow_ragged_batch on an output needs at least one input with it (the inputs give each request's length)");
        }
    }

    private static void ValidateTensors(ModelTensorConfig[]? tensors, string field, List<string> errors)
    {
        if (tensors is null)
        {
            return;
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < tensors.Length; i++)
        {
            var tensor = tensors[i];
            var at = $"{field}[{i}]";
            if (string.IsNullOrWhiteSpace(tensor.Name))
            {
                errors.Add($"{at}.name must not be empty");
            }
            else if (!names.Add(tensor.Name))
            {
                errors.Add($"{at}.name '{tensor.Name}' is declared by an earlier {field} too");
            }

            if (!TensorDataTypes.TryParseConfigName(tensor.DataType, out _))
            {
                errors.Add($"{at}.data_type '{tensor.DataType}' is not a Triton type such as TYPE_FP32");
            }

            if (tensor.Dims.Any(d => d is 0 or < -1))
            {
                errors.Add($"{at}.dims [{string.Join(", ", tensor.Dims)}] must each be -1 (any size) or > 0");
            }

            if (tensor.Reshape is { } reshape)
            {
                ValidateReshape(tensor, reshape, at, errors);
            }

            if (tensor.MultipleOf < 0)
            {
                errors.Add($"{at}.multiple_of must be >= 0 (0 means any size), not {tensor.MultipleOf}");
            }
            else if (tensor.MultipleOf > 0 && !tensor.Dims.Contains(-1))
            {
                errors.Add($"{at}.multiple_of applies to dims declared -1, and [{string.Join(", ", tensor.Dims)}] has none");
            }
        }
    }

    private static void ValidateReshape(ModelTensorConfig tensor, ModelTensorReshape reshape, string at, List<string> errors)
    {
        if (reshape.Shape.Any(d => d is 0 or < -1) || reshape.Shape.Count(d => d == -1) > 1)
        {
            errors.Add($"{at}.reshape.shape [{string.Join(", ", reshape.Shape)}] must each be > 0, with at most one -1 (inferred from the element count)");
            return;
        }

        var open = tensor.Dims.Contains(-1);
        var reshapeOpen = reshape.Shape.Contains(-1);
        if (open != reshapeOpen
            || (!open && tensor.Dims.Aggregate(1L, (a, d) => a * d) != reshape.Shape.Aggregate(1L, (a, d) => a * d)))
        {
            errors.Add($"{at}.reshape.shape [{string.Join(", ", reshape.Shape)}] must hold the same elements as dims [{string.Join(", ", tensor.Dims)}]");
        }
    }

    private static void ValidateVersionPolicy(VersionPolicy policy, List<string> errors)
    {
        var members = (policy.Latest is null ? 0 : 1) + (policy.All is null ? 0 : 1) + (policy.Specific is null ? 0 : 1);
        if (members > 1)
        {
            errors.Add("version_policy must set at most one of latest, all, specific");
        }

        if (policy.Latest is { NumVersions: < 1 } latest)
        {
            errors.Add($"version_policy.latest.num_versions must be >= 1, not {latest.NumVersions}");
        }

        if (policy.Specific is { } specific)
        {
            if (specific.Versions.Length == 0)
            {
                errors.Add("version_policy.specific.versions must not be empty");
            }
            else if (specific.Versions.Any(v => v < 0))
            {
                errors.Add($"version_policy.specific.versions [{string.Join(", ", specific.Versions)}] must all be >= 0");
            }
        }
    }

    private static bool IsKnownDataType(string dataType) =>
        dataType.StartsWith("TYPE_", StringComparison.Ordinal)
        && (dataType is "TYPE_STRING" or "TYPE_BF16" || TensorDataTypes.TryParse(dataType.AsSpan(5), out _));
}
