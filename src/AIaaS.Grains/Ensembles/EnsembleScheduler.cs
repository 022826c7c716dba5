using System.Diagnostics;
using AIaaS.Errors;
using AIaaS.Grains.Batching;
using AIaaS.Requests;
using AIaaS.Tensors;

namespace AIaaS.Grains.Ensembles;

/// <summary>
/// Runs a pipeline request as Triton's ensemble scheduler does: every step whose input tensors
/// exist is called at once, so independent steps run in parallel, and each finished step may let
/// others start. Each step goes through the router to its own model's replicas, where it queues
/// and batches with every other caller of that model, pipelines included. Tensors move between
/// steps as the immutable payloads the steps returned: a step on this silo reads them where they
/// are; only a step on another silo gets a serialized copy. A failure names the step and keeps its
/// kind (a step whose model is unloaded is a 503 naming the step).
/// </summary>
internal sealed class EnsembleScheduler(EnsemblePlan plan, StepInvoker invoke, PipelineInstruments instruments, TimeProvider time) : IInferenceScheduler
{
    public async Task<IReadOnlyList<TensorPayload>> ScheduleAsync(InferenceRequest request)
    {
        var tensors = new Dictionary<string, TensorPayload>(StringComparer.Ordinal);
        foreach (var input in request.Inputs)
        {
            tensors[input.Name] = input;
        }

        var waiting = new List<EnsembleStep>(plan.Steps);
        var running = new List<Task<(EnsembleStep Step, IReadOnlyList<TensorPayload> Outputs)>>();
        try
        {
            while (waiting.Count > 0 || running.Count > 0)
            {
                for (var i = 0; i < waiting.Count; i++)
                {
                    var step = waiting[i];
                    if (step.Inputs.All(m => tensors.ContainsKey(m.Value)))
                    {
                        var inputs = step.Inputs.Select(m => Rename(tensors[m.Value], m.Key)).ToArray();
                        running.Add(RunStepAsync(step, inputs, request));
                        waiting.RemoveAt(i--);
                    }
                }

                if (running.Count == 0)
                {
                    // Validation at load rules this out; a request missing a pipeline input is refused before.
                    throw new InferenceException(InferenceErrorKind.Internal, $"pipeline '{plan.Name}': {waiting[0].Name} can never run, a tensor it reads is never written");
                }

                var done = await Task.WhenAny(running).ConfigureAwait(false);
                running.Remove(done);
                var (finished, outputs) = await done.ConfigureAwait(false);
                foreach (var (output, tensor) in finished.Outputs)
                {
                    tensors[tensor] = Rename(
                        outputs.FirstOrDefault(o => o.Name == output)
                            ?? throw new InferenceException(InferenceErrorKind.Internal, $"pipeline '{plan.Name}' {finished.Name}: the step's answer has no output '{output}'"),
                        tensor);
                }
            }
        }
        catch
        {
            // The request fails with the first step to fail, without waiting for the steps still
            // running (a step call cannot be recalled). Nobody awaits those any more: their faults
            // are observed here, or each would surface as an unobserved task exception.
            foreach (var abandoned in running)
            {
                _ = abandoned.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }

            throw;
        }

        var requested = request.Outputs ?? [.. plan.Signature.Outputs.Select(o => o.Name)];
        return [.. requested.Select(name => tensors[name])];
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private async Task<(EnsembleStep, IReadOnlyList<TensorPayload>)> RunStepAsync(EnsembleStep step, TensorPayload[] inputs, InferenceRequest request)
    {
        var started = time.GetTimestamp();
        var outcome = "success";
        try
        {
            return (step, await StepBatches.RunAsync(step, inputs, request, invoke).ConfigureAwait(false));
        }
        catch (InferenceException ex)
        {
            outcome = ex.Kind.ToString().ToLowerInvariant();
            throw new InferenceException(ex.Kind, $"pipeline '{plan.Name}' {step.Name}: {ex.Message}");
        }
        catch (Exception ex)
        {
            outcome = "internal";
            throw new InferenceException(InferenceErrorKind.Internal, $"pipeline '{plan.Name}' {step.Name} failed: {ex.Message}");
        }
        finally
        {
            if (instruments.StepDuration.Enabled)
            {
                var tags = new TagList
                {
                    { "model", plan.Name },
                    { "step", step.Index },
                    { "step_model", step.Model },
                    { "outcome", outcome },
                };
                instruments.StepDuration.Record(time.GetElapsedTime(started).TotalSeconds, tags);
            }
        }
    }

    /// <summary>The same bytes under another name (no copy).</summary>
    private static TensorPayload Rename(TensorPayload tensor, string name) =>
        tensor.Name == name ? tensor : new TensorPayload(name, tensor.DataType, tensor.Shape, tensor.Data);
}
