using System.Diagnostics;
using AIaaS.Inference.Execution;
using AIaaS.Models;
using AIaaS.Tensors;

namespace AIaaS.Inference.Processors;

/// <summary>A processor served as a model: what a replica runs for <c>platform: "aiaas_processor"</c>.</summary>
internal sealed class ProcessorModel(IProcessor processor) : IExecutableModel
{
    public ModelSignature Signature => processor.Signature;

    /// <summary>Processors run on the silo's CPU.</summary>
    public string ExecutionProvider => ExecutionProviders.Cpu;

    public IReadOnlyList<TensorPayload> Run(IReadOnlyList<TensorPayload> inputs, IReadOnlyList<string>? outputs, out ComputeTimings timings)
    {
        var started = Stopwatch.GetTimestamp();
        var all = processor.Process(new ProcessorInputs(inputs));
        var result = all;
        if (outputs is not null)
        {
            var selected = new TensorPayload[outputs.Count];
            for (var i = 0; i < selected.Length; i++)
            {
                selected[i] = all.First(o => string.Equals(o.Name, outputs[i], StringComparison.Ordinal));
            }

            result = selected;
        }

        timings = new ComputeTimings(0, ComputeTimings.Elapsed(started, Stopwatch.GetTimestamp()), 0);
        return result;
    }

    public void Dispose()
    {
        // A processor holds managed memory only (a label list at most).
    }
}
