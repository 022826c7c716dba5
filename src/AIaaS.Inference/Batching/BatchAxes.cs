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

    private BatchAxes(FrozenDictionary<string, int> inputs, FrozenDictionary<string, int> outputs)
    {
        _inputs = inputs;
        _outputs = outputs;
    }

    /// <summary>Axis 0 for every tensor of rank 1 or more: a model without sequence state.</summary>
    public static BatchAxes Leading { get; } = new(FrozenDictionary<string, int>.Empty, FrozenDictionary<string, int>.Empty);

    /// <summary>The axes of a model: its <c>sequence_batching.state</c> entries' <c>batch_axis</c> for their input and output.</summary>
    public static BatchAxes FromConfig(ModelConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var states = config.SequenceBatching?.State;
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
