using System.Collections.Frozen;
using AIaaS.Models;
using AIaaS.Tensors;

namespace AIaaS.Inference.Batching;

/// <summary>
/// The axis on which each input and output of a model carries the batch: axis 0 for every tensor
/// of rank 1 or more, except sequence-state tensors, which batch on their configured
/// <c>batch_axis</c> (silero's <c>state</c> and <c>stateN</c>, <c>[2, B, 128]</c>, on axis 1).
/// A rank-0 tensor has no batch axis. Built once per model from its configuration.
/// </summary>
public sealed class BatchAxes
{
    private readonly FrozenDictionary<string, int> _inputs;
    private readonly FrozenDictionary<string, int> _outputs;
    private readonly FrozenSet<string> _raggedInputs;
    private readonly FrozenSet<string> _raggedOutputs;

    private BatchAxes(FrozenDictionary<string, int> inputs, FrozenDictionary<string, int> outputs, FrozenSet<string>? raggedInputs = null, FrozenSet<string>? raggedOutputs = null)
    {
        _inputs = inputs;
        _outputs = outputs;
        _raggedInputs = raggedInputs ?? FrozenSet<string>.Empty;
        _raggedOutputs = raggedOutputs ?? FrozenSet<string>.Empty;
    }

    /// <summary>Axis 0 for every tensor of rank 1 or more: a model without sequence state.</summary>
    public static BatchAxes Leading { get; } = new(FrozenDictionary<string, int>.Empty, FrozenDictionary<string, int>.Empty);

    /// <summary>Whether some input is ragged (<c>allow_ragged_batch</c>): batches may need padding.</summary>
    public bool HasRaggedInputs => _raggedInputs.Count > 0;

    /// <summary>
    /// Axis 0 for every tensor, and the inputs and outputs declared <c>allow_ragged_batch</c> padded
    /// on axis 1. Built for tests and for <see cref="FromConfig"/>.
    /// </summary>
    public static BatchAxes Ragged(IEnumerable<string> inputs, IEnumerable<string> outputs) =>
        new(FrozenDictionary<string, int>.Empty, FrozenDictionary<string, int>.Empty,
            inputs.ToFrozenSet(StringComparer.Ordinal), outputs.ToFrozenSet(StringComparer.Ordinal));

    /// <summary>Whether <paramref name="input"/> is padded on axis 1 in a batch (declared ragged, batched on axis 0, rank 2 or more).</summary>
    public bool IsRaggedInput(TensorPayload input) => input.Shape.Length >= 2 && _raggedInputs.Contains(input.Name) && OfInput(input) == 0;

    /// <summary>Whether <paramref name="output"/> is cut back to each request's length on axis 1.</summary>
    public bool IsRaggedOutput(TensorPayload output) => output.Shape.Length >= 2 && _raggedOutputs.Contains(output.Name) && OfOutput(output) == 0;

    /// <summary>The axes of a model: its <c>sequence_batching.state</c> entries' <c>batch_axis</c> for their input and output.</summary>
    public static BatchAxes FromConfig(ModelConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var states = config.SequenceBatching?.State;
        if (config.MaxBatchSize > 0 && states is null
            && ((config.Input ?? []).Any(t => t.AllowRaggedBatch) || (config.Output ?? []).Any(t => t.AllowRaggedBatch)))
        {
            return Ragged(
                (config.Input ?? []).Where(t => t.AllowRaggedBatch).Select(t => t.Name),
                (config.Output ?? []).Where(t => t.AllowRaggedBatch).Select(t => t.Name));
        }

        if (states is null || states.All(s => s.BatchAxis == 0))
        {
            return Leading;
        }

        var inputs = new Dictionary<string, int>(StringComparer.Ordinal);
        var outputs = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var state in states)
        {
            inputs.TryAdd(state.InputName, state.BatchAxis);
            outputs.TryAdd(state.OutputName, state.BatchAxis);
        }

        return new BatchAxes(inputs.ToFrozenDictionary(StringComparer.Ordinal), outputs.ToFrozenDictionary(StringComparer.Ordinal));
    }

    /// <summary>The batch axis of an input, or -1 when it has none (rank 0).</summary>
    public int OfInput(TensorPayload input) => Of(_inputs, input);

    /// <summary>The batch axis of an output, or -1 when it has none (rank 0).</summary>
    public int OfOutput(TensorPayload output) => Of(_outputs, output);

    private static int Of(FrozenDictionary<string, int> axes, TensorPayload tensor)
    {
        var rank = tensor.Shape.Length;
        if (rank == 0)
        {
            return -1;
        }

        return axes.TryGetValue(tensor.Name, out var axis) && axis < rank ? axis : 0;
    }
}
