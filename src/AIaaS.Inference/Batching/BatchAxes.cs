using System.Collections.Frozen;
using AIaaS.Models;
using AIaaS.Tensors;

namespace AIaaS.Inference.Batching;

/// <summary>
/// The one rule for where a request carries its batch, used by validation, the schedulers, the
/// batch assembler and splitter, and usage metering alike. A model with <c>max_batch_size</c> 0 has
/// no batch axis. Otherwise a sequence-state tensor batches on its configured <c>batch_axis</c>
/// (silero's <c>state</c> and <c>stateN</c>, <c>[2, B, 128]</c>, on axis 1), an input the model
/// declares with a variable first dimension on axis 0, an input with a fixed first dimension or of
/// rank 0 on none, and an output of rank 1 or more on axis 0 (the splitter shares one whose
/// dimension there is not the batch's). Built once per loaded model.
/// </summary>
internal sealed class BatchAxes
{
    private readonly FrozenDictionary<string, int> _inputs;
    private readonly FrozenDictionary<string, int> _outputs;
    private readonly FrozenSet<string> _raggedInputs;
    private readonly FrozenSet<string> _raggedOutputs;
    private readonly bool _batched;

    private BatchAxes(
        FrozenDictionary<string, int> inputs,
        FrozenDictionary<string, int> outputs,
        FrozenSet<string>? raggedInputs = null,
        FrozenSet<string>? raggedOutputs = null,
        bool batched = true)
    {
        _inputs = inputs;
        _outputs = outputs;
        _raggedInputs = raggedInputs ?? FrozenSet<string>.Empty;
        _raggedOutputs = raggedOutputs ?? FrozenSet<string>.Empty;
        _batched = batched;
    }

    /// <summary>Axis 0 for every tensor of rank 1 or more: for tensors without a model to declare them (tests, benchmarks).</summary>
    public static BatchAxes Leading { get; } = new(FrozenDictionary<string, int>.Empty, FrozenDictionary<string, int>.Empty);

    /// <summary>No tensor has a batch axis: a model with <c>max_batch_size</c> 0, whose requests each count as one item.</summary>
    public static BatchAxes None { get; } = new(FrozenDictionary<string, int>.Empty, FrozenDictionary<string, int>.Empty, batched: false);

    /// <summary>Whether some input is ragged (<c>allow_ragged_batch</c>): batches may need padding.</summary>
    public bool HasRaggedInputs => _raggedInputs.Count > 0;

    /// <summary>
    /// Axis 0 for every tensor, and the inputs and outputs declared <c>allow_ragged_batch</c> padded
    /// on axis 1. Built for tests and by <see cref="FromConfig"/>.
    /// </summary>
    public static BatchAxes Ragged(IEnumerable<string> inputs, IEnumerable<string> outputs) =>
        new(FrozenDictionary<string, int>.Empty, FrozenDictionary<string, int>.Empty,
            inputs.ToFrozenSet(StringComparer.Ordinal), outputs.ToFrozenSet(StringComparer.Ordinal));

    /// <summary>Whether <paramref name="input"/> is padded on axis 1 in a batch (declared ragged, batched on axis 0, rank 2 or more).</summary>
    public bool IsRaggedInput(TensorPayload input) => input.Shape.Length >= 2 && _raggedInputs.Contains(input.Name) && OfInput(input) == 0;

    /// <summary>Whether <paramref name="output"/> is cut back to each request's length on axis 1.</summary>
    public bool IsRaggedOutput(TensorPayload output) => output.Shape.Length >= 2 && _raggedOutputs.Contains(output.Name) && OfOutput(output) == 0;

    /// <summary>
    /// The axes of a model: none when <c>max_batch_size</c> is 0; its <c>sequence_batching.state</c>
    /// entries' <c>batch_axis</c> for their input and output; its <c>allow_ragged_batch</c> tensors;
    /// and, given its <paramref name="signature"/>, no axis for an input whose first dimension is fixed.
    /// </summary>
    public static BatchAxes FromConfig(ModelConfig config, ModelSignature? signature = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (config.MaxBatchSize <= 0)
        {
            return None;
        }

        var states = config.SequenceBatching?.State ?? [];
        var inputs = new Dictionary<string, int>(StringComparer.Ordinal);
        var outputs = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var state in states)
        {
            inputs.TryAdd(state.InputName, state.BatchAxis);
            outputs.TryAdd(state.OutputName, state.BatchAxis);
        }

        foreach (var spec in signature?.Inputs ?? [])
        {
            var rank = spec.Shape.Length;
            var declared = inputs.TryGetValue(spec.Name, out var axis) && axis < rank;
            if (!declared)
            {
                inputs[spec.Name] = rank > 0 && spec.Shape[0] < 0 ? 0 : -1;
            }
        }

        FrozenSet<string>? raggedInputs = null;
        FrozenSet<string>? raggedOutputs = null;
        if (config.SequenceBatching is null)
        {
            raggedInputs = (config.Input ?? []).Where(t => t.AllowRaggedBatch).Select(t => t.Name).ToFrozenSet(StringComparer.Ordinal);
            raggedOutputs = (config.Output ?? []).Where(t => t.AllowRaggedBatch).Select(t => t.Name).ToFrozenSet(StringComparer.Ordinal);
        }

        if (inputs.Values.All(a => a == 0) && outputs.Values.All(a => a == 0) && raggedInputs is not { Count: > 0 } && raggedOutputs is not { Count: > 0 })
        {
            return Leading;
        }

        return new BatchAxes(inputs.ToFrozenDictionary(StringComparer.Ordinal), outputs.ToFrozenDictionary(StringComparer.Ordinal), raggedInputs, raggedOutputs);
    }

    /// <summary>The batch axis of an input, or -1 when it has none.</summary>
    public int OfInput(TensorPayload input) => Of(_inputs, input);

    /// <summary>The batch axis of an output, or -1 when it has none.</summary>
    public int OfOutput(TensorPayload output) => Of(_outputs, output);

    private int Of(FrozenDictionary<string, int> axes, TensorPayload tensor)
    {
        var rank = tensor.Shape.Length;
        if (!_batched || rank == 0)
        {
            return -1;
        }

        return axes.TryGetValue(tensor.Name, out var axis) && axis < rank ? axis : 0;
    }
}
