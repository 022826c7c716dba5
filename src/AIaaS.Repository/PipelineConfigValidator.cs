using AIaaS.Models;

namespace AIaaS.Repository;

/// <summary>
/// What can be checked of pipelines and processors from their configuration alone: the steps'
/// fields, a tensor written by two steps, a declared output no step writes, a cycle, a processor
/// named (its name and parameters are the engine's to check: <see cref="IModelConfigCheck"/>).
/// What needs the step models' signatures (unknown models, datatypes and shapes between steps) is
/// checked when the pipeline loads (<c>EnsemblePlan</c>).
/// </summary>
internal static class PipelineConfigValidator
{
    internal static void Validate(ModelConfig config, List<string> errors)
    {
        switch (config.Platform)
        {
            case ModelPlatforms.Ensemble:
                ValidateEnsemble(config, errors);
                break;
            case ModelPlatforms.Processor:
                if (config.EnsembleScheduling is not null)
                {
                    errors.Add("ensemble_scheduling is only for platform 'ensemble'");
                }

                // Which processors exist and what they take is the engine's (IModelConfigCheck).
                if (string.IsNullOrWhiteSpace(config.Processor))
                {
                    errors.Add("processor must name the processor to run");
                }

                break;
            default:
                if (config.EnsembleScheduling is not null)
                {
                    errors.Add("ensemble_scheduling is only for platform 'ensemble'");
                }

                if (config.Processor is not null || config.Parameters is not null)
                {
                    errors.Add($"processor and parameters are only for platform '{ModelPlatforms.Processor}'");
                }

                break;
        }
    }

    /// <summary>The entries with every pipeline whose steps call a model the repository does not have marked invalid.</summary>
    internal static List<ModelRepositoryEntry> CheckStepModels(List<ModelRepositoryEntry> entries, Func<string, bool> exists)
    {
        for (var e = 0; e < entries.Count; e++)
        {
            if (entries[e].Definition?.Config is not { Platform: ModelPlatforms.Ensemble } config)
            {
                continue;
            }

            var steps = config.EnsembleScheduling?.Step ?? [];
            var unknown = steps
                .Select((step, i) => (step, i))
                .Where(s => !string.IsNullOrWhiteSpace(s.step.ModelName) && !exists(s.step.ModelName))
                .Select(s => $"{ModelConfigJson.FileName}: {StepName(s.i, s.step)}: the repository has no model '{s.step.ModelName}'")
                .ToArray();
            if (unknown.Length > 0)
            {
                entries[e] = new ModelRepositoryEntry(entries[e].Name, null, [.. entries[e].Errors, .. unknown]);
            }
        }

        return entries;
    }

    /// <summary>How errors name a step: Triton's steps have no names, so the index and the model.</summary>
    public static string StepName(int index, EnsembleStepConfig step) =>
        $"ensemble_scheduling.step[{index}] (model '{step.ModelName}')";

    private static void ValidateEnsemble(ModelConfig config, List<string> errors)
    {
        if (config.MaxBatchSize != 0 || config.DynamicBatching is not null || config.SequenceBatching is not null)
        {
            errors.Add("a pipeline has max_batch_size 0 and no dynamic_batching or sequence_batching: its steps batch, each by its own model's scheduler");
        }

        if (config.Processor is not null || config.Parameters is not null)
        {
            errors.Add($"processor and parameters are only for platform '{ModelPlatforms.Processor}'");
        }

        var steps = config.EnsembleScheduling?.Step ?? [];
        if (steps.Length == 0)
        {
            errors.Add("ensemble_scheduling.step must list at least one step");
            return;
        }

        var outputs = config.Output ?? [];
        if (outputs.Length == 0)
        {
            errors.Add("output must name at least one tensor the pipeline returns");
        }

        var producers = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < steps.Length; i++)
        {
            var step = steps[i];
            var name = StepName(i, step);
            if (string.IsNullOrWhiteSpace(step.ModelName))
            {
                errors.Add($"{name}: model_name must not be empty");
            }
            else if (string.Equals(step.ModelName, config.Name, StringComparison.Ordinal))
            {
                errors.Add($"{name}: a pipeline cannot call itself");
            }

            if (step.ModelVersion is 0 or < -1 or > int.MaxValue)
            {
                errors.Add($"{name}: model_version must be -1 (follow the traffic split) or a version >= 1, not {step.ModelVersion}");
            }

            if (step.InputMap.Count == 0)
            {
                errors.Add($"{name}: input_map must map at least one model input to a pipeline tensor");
            }

            if (step.OutputMap.Count == 0)
            {
                errors.Add($"{name}: output_map must map at least one model output to a pipeline tensor");
            }

            foreach (var (input, tensor) in step.InputMap)
            {
                if (string.IsNullOrWhiteSpace(tensor))
                {
                    errors.Add($"{name}: input_map['{input}'] must name a pipeline tensor");
                }
            }

            foreach (var (output, tensor) in step.OutputMap)
            {
                if (string.IsNullOrWhiteSpace(tensor))
                {
                    errors.Add($"{name}: output_map['{output}'] must name a pipeline tensor");
                }
                else if (!producers.TryAdd(tensor, i))
                {
                    errors.Add($"{name}: output_map writes tensor '{tensor}', which {StepName(producers[tensor], steps[producers[tensor]])} writes too");
                }
            }
        }

        foreach (var output in outputs)
        {
            if (string.IsNullOrWhiteSpace(output.Name))
            {
                errors.Add("output: every entry needs a name");
            }
            else if (!producers.ContainsKey(output.Name))
            {
                errors.Add($"output '{output.Name}' is written by no step's output_map");
            }
        }

        if (FindCycle(steps, producers) is { } cycle)
        {
            errors.Add($"the steps form a cycle: {string.Join(" -> ", cycle.Select(i => StepName(i, steps[i])))}");
        }
    }

    private static List<int>? FindCycle(EnsembleStepConfig[] steps, Dictionary<string, int> producers)
    {
        // 0 unvisited, 1 on the current path, 2 done.
        var state = new int[steps.Length];
        var path = new List<int>();
        for (var i = 0; i < steps.Length; i++)
        {
            if (state[i] == 0 && Visit(i) is { } found)
            {
                return found;
            }
        }

        return null;

        List<int>? Visit(int step)
        {
            state[step] = 1;
            path.Add(step);
            foreach (var tensor in steps[step].InputMap.Values)
            {
                if (!producers.TryGetValue(tensor, out var producer))
                {
                    continue;
                }

                if (state[producer] == 1)
                {
                    return [.. path[path.IndexOf(producer)..], producer];
                }

                if (state[producer] == 0 && Visit(producer) is { } found)
                {
                    return found;
                }
            }

            path.RemoveAt(path.Count - 1);
            state[step] = 2;
            return null;
        }
    }
}
