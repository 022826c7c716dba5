using System.Globalization;
using AIaaS.Errors;
using AIaaS.Repository;
using AIaaS.Models;
using AIaaS.Tensors;

namespace AIaaS.Grains.Ensembles;

/// <summary>
/// A pipeline checked against the models its steps call, as Triton validates an ensemble when it
/// loads: every step's model has a ready version, every mapped input and output exists on it,
/// every model input is fed, and each tensor's datatype and shape agree between the step that
/// writes it and the steps that read it. Its signature: the tensors no step writes are its inputs
/// (as the steps that read them declare them), its declared <c>output</c> its outputs.
/// </summary>
internal sealed class EnsemblePlan
{
    private EnsemblePlan(string name, IReadOnlyList<EnsembleStep> steps, ModelSignature signature)
    {
        Name = name;
        Steps = steps;
        Signature = signature;
    }

    public string Name { get; }

    public IReadOnlyList<EnsembleStep> Steps { get; }

    public ModelSignature Signature { get; }

    /// <summary>
    /// Builds the plan from the steps' deployment records. A step model with no ready version is
    /// Unavailable (the model grain retries the load: steps load in any order); anything else wrong
    /// is InvalidArgument, naming the step and the tensor, every error at once.
    /// </summary>
    public static async Task<EnsemblePlan> BuildAsync(ModelConfig config, Func<string, Task<ModelDeployment>> deployment)
    {
        var stepConfigs = config.EnsembleScheduling?.Step ?? [];
        var steps = new List<EnsembleStep>();
        var errors = new List<string>();
        var waiting = new List<string>();
        for (var i = 0; i < stepConfigs.Length; i++)
        {
            var step = stepConfigs[i];
            var name = PipelineConfigValidator.StepName(i, step);
            var versions = (await deployment(step.ModelName)).Versions;
            var chosen = step.ModelVersion == -1
                ? versions.Where(v => v.Status == ModelVersionStatus.Ready).MaxBy(v => v.Version)
                : versions.FirstOrDefault(v => v.Version == step.ModelVersion && v.Status == ModelVersionStatus.Ready);
            if (chosen?.Signature is null)
            {
                var which = step.ModelVersion == -1 ? "no ready version" : $"no ready version {step.ModelVersion}";
                waiting.Add($"{name}: model '{step.ModelName}' has {which}");
                continue;
            }

            steps.Add(new EnsembleStep(
                i,
                name,
                step.ModelName,
                step.ModelVersion == -1 ? null : step.ModelVersion.ToString(CultureInfo.InvariantCulture),
                [.. step.InputMap],
                [.. step.OutputMap],
                chosen.Config,
                chosen.Signature));
        }

        if (waiting.Count > 0)
        {
            throw InferenceException.Unavailable($"pipeline '{config.Name}' cannot load yet: {string.Join("; ", waiting)}");
        }

        var written = new Dictionary<string, (TensorSpec Spec, EnsembleStep Step)>(StringComparer.Ordinal);
        foreach (var step in steps)
        {
            foreach (var (output, tensor) in step.Outputs)
            {
                if (step.Signature.Outputs.FirstOrDefault(o => o.Name == output) is { } spec)
                {
                    written[tensor] = (spec, step);
                }
                else
                {
                    errors.Add($"{step.Name}: output_map names output '{output}', which the model does not have (it has {Names(step.Signature.Outputs)})");
                }
            }
        }

        var inputs = new Dictionary<string, TensorSpec>(StringComparer.Ordinal);
        foreach (var step in steps)
        {
            foreach (var spec in step.Signature.Inputs)
            {
                if (!step.Inputs.Any(i => i.Key == spec.Name))
                {
                    errors.Add($"{step.Name}: input_map does not feed the model's input '{spec.Name}'");
                }
            }

            foreach (var (input, tensor) in step.Inputs)
            {
                var spec = step.Signature.Inputs.FirstOrDefault(s => s.Name == input);
                if (spec is null)
                {
                    errors.Add($"{step.Name}: input_map names input '{input}', which the model does not have (it has {Names(step.Signature.Inputs)})");
                    continue;
                }

                var expected = spec;
                if (written.TryGetValue(tensor, out var source))
                {
                    var actual = source.Spec;
                    if (Mismatch(actual, expected) is { } why)
                    {
                        errors.Add($"{step.Name}: input '{input}' reads tensor '{tensor}', which {source.Step.Name} writes as {Describe(actual)}, but the model takes {Describe(expected)} ({why})");
                    }
                }
                else if (inputs.TryGetValue(tensor, out var earlier))
                {
                    if (Mismatch(earlier, expected) is { } why)
                    {
                        errors.Add($"{step.Name}: input '{input}' reads pipeline input '{tensor}' as {Describe(expected)}, but another step reads it as {Describe(earlier)} ({why})");
                    }
                }
                else
                {
                    inputs[tensor] = expected with { Name = tensor };
                }
            }
        }

        var outputs = new List<TensorSpec>();
        foreach (var declared in config.Output ?? [])
        {
            if (!written.TryGetValue(declared.Name, out var source))
            {
                continue;
            }

            var spec = source.Spec with { Name = declared.Name };
            if (declared.DataType is { Length: > 0 } type && ParseDataType(type) != spec.DataType)
            {
                errors.Add($"output '{declared.Name}' is declared {type}, but {source.Step.Name} writes {Describe(spec)}");
            }

            if (declared.Dims is { Length: > 0 } dims && Mismatch(spec, spec with { Shape = dims }) is { } why)
            {
                errors.Add($"output '{declared.Name}' is declared [{string.Join(", ", dims)}], but {source.Step.Name} writes {Describe(spec)} ({why})");
            }

            outputs.Add(spec);
        }

        return errors.Count == 0
            ? new EnsemblePlan(config.Name, steps, new ModelSignature([.. inputs.Values], outputs))
            : throw InferenceException.InvalidArgument($"pipeline '{config.Name}' is invalid: {string.Join("; ", errors)}");
    }

    /// <summary>Triton's <c>TYPE_FP32</c> (or the protocol's <c>FP32</c>); <c>TYPE_STRING</c> is BYTES.</summary>
    private static TensorDataType? ParseDataType(string name)
    {
        var bare = name.StartsWith("TYPE_", StringComparison.Ordinal) ? name[5..] : name;
        return bare == "STRING" ? TensorDataType.Bytes : TensorDataTypes.TryParse(bare, out var type) ? type : null;
    }

    private static string? Mismatch(TensorSpec actual, TensorSpec expected)
    {
        if (actual.DataType != expected.DataType)
        {
            return "datatypes differ";
        }

        if (actual.Shape.Length != expected.Shape.Length)
        {
            return "ranks differ";
        }

        for (var d = 0; d < actual.Shape.Length; d++)
        {
            if (actual.Shape[d] >= 0 && expected.Shape[d] >= 0 && actual.Shape[d] != expected.Shape[d])
            {
                return $"dimension {d} differs";
            }
        }

        return null;
    }

    private static string Describe(TensorSpec spec) => $"{spec.DataType.ToProtocolName()} [{string.Join(", ", spec.Shape)}]";

    private static string Names(IEnumerable<TensorSpec> specs) => string.Join(", ", specs.Select(s => $"'{s.Name}'"));
}
