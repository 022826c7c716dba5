using AIaaS.Errors;
using AIaaS.Models;
using AIaaS.Tensors;

namespace AIaaS.Inference.Sequences;

/// <summary>
/// What a session adds to and takes from each step, from its model's <c>sequence_batching.state</c>,
/// for one session (batch dimension 1, as Triton's sequence batcher requires of a step):
/// <list type="bullet">
/// <item>implicit state (<c>input_name</c> other than <c>output_name</c>): the session supplies the
/// input, zeros at the start, and keeps the output of that name as the next step's input;</item>
/// <item>a carried slice (<c>output_name</c> naming the input itself, silero's 64 samples): the
/// caller sends only the new part of the input; the session puts the kept slice in front of it
/// on the last axis (zeros at the start) and keeps the input's last <c>dims[0]</c> elements.</item>
/// </list>
/// Pure tensor arithmetic, no Orleans: the session grain calls it around each step.
/// </summary>
internal static class SequenceState
{
    /// <summary>The state of a new session: zeros, one tensor per state entry, in entry order.</summary>
    public static TensorPayload[] Initial(SequenceBatchingConfig sequence)
    {
        ArgumentNullException.ThrowIfNull(sequence);
        var state = new TensorPayload[sequence.State.Length];
        for (var i = 0; i < state.Length; i++)
        {
            var entry = sequence.State[i];
            var shape = ShapeOfOne(entry);
            var dataType = DataTypeOf(entry);
            long count = 1;
            foreach (var d in shape)
            {
                count *= d;
            }

            state[i] = new TensorPayload(entry.InputName, dataType, shape, new byte[count * dataType.ElementSize()]);
        }

        return state;
    }

    /// <summary>
    /// The model's inputs for one step: the caller's inputs with each carried slice put in front,
    /// and each implicit state input added.
    /// </summary>
    /// <exception cref="InferenceException">Kind InvalidArgument: the caller sent a state input, or an input a slice is carried into has the wrong rank, batch or datatype.</exception>
    public static TensorPayload[] Compose(SequenceBatchingConfig sequence, IReadOnlyList<TensorPayload> stepInputs, IReadOnlyList<TensorPayload> state)
    {
        ArgumentNullException.ThrowIfNull(sequence);
        ArgumentNullException.ThrowIfNull(stepInputs);
        ArgumentNullException.ThrowIfNull(state);
        var inputs = new List<TensorPayload>(stepInputs.Count + state.Count);
        foreach (var input in stepInputs)
        {
            var index = IndexOfInput(sequence, input.Name);
            if (index < 0)
            {
                inputs.Add(input);
            }
            else if (IsCarriedSlice(sequence.State[index]))
            {
                inputs.Add(Prepend(state[index], input));
            }
            else
            {
                throw InferenceException.InvalidArgument(
                    $"input '{input.Name}' is the session's state (from output '{sequence.State[index].OutputName}' of the previous step); do not send it in a session step");
            }
        }

        for (var i = 0; i < sequence.State.Length; i++)
        {
            var entry = sequence.State[i];
            if (IsCarriedSlice(entry))
            {
                if (!stepInputs.Any(s => string.Equals(s.Name, entry.InputName, StringComparison.Ordinal)))
                {
                    throw InferenceException.InvalidArgument($"input '{entry.InputName}' is missing: a session step sends its new part");
                }
            }
            else
            {
                inputs.Add(state[i]);
            }
        }

        return [.. inputs];
    }

    /// <summary>The state after a step: each implicit state's output, each carried slice's tail of the composed input.</summary>
    /// <exception cref="InferenceException">Kind Internal: the model did not return a state output.</exception>
    public static TensorPayload[] Advance(SequenceBatchingConfig sequence, IReadOnlyList<TensorPayload> composedInputs, IReadOnlyList<TensorPayload> outputs)
    {
        ArgumentNullException.ThrowIfNull(sequence);
        var next = new TensorPayload[sequence.State.Length];
        for (var i = 0; i < next.Length; i++)
        {
            var entry = sequence.State[i];
            if (IsCarriedSlice(entry))
            {
                var input = composedInputs.First(t => string.Equals(t.Name, entry.InputName, StringComparison.Ordinal));
                next[i] = Tail(input, entry);
            }
            else
            {
                var output = outputs.FirstOrDefault(t => string.Equals(t.Name, entry.OutputName, StringComparison.Ordinal))
                    ?? throw new InferenceException(InferenceErrorKind.Internal, $"the model returned no output '{entry.OutputName}' to carry into input '{entry.InputName}'");
                // Copied: the output is a slice of a batch's array, which must not be kept alive by a session.
                next[i] = new TensorPayload(entry.InputName, output.DataType, output.Shape, output.Data.ToArray());
            }
        }

        return next;
    }

    /// <summary>The outputs a caller sees: every output but the implicit state outputs.</summary>
    public static TensorPayload[] Visible(SequenceBatchingConfig sequence, IReadOnlyList<TensorPayload> outputs)
    {
        ArgumentNullException.ThrowIfNull(sequence);
        return [.. outputs.Where(o => !sequence.State.Any(s => !IsCarriedSlice(s) && string.Equals(s.OutputName, o.Name, StringComparison.Ordinal)))];
    }

    /// <summary>The outputs to ask the model for: the caller's (null for all) plus the state outputs.</summary>
    public static IReadOnlyList<string>? RequestedOutputs(SequenceBatchingConfig sequence, IReadOnlyList<string>? requested)
    {
        ArgumentNullException.ThrowIfNull(sequence);
        if (requested is null)
        {
            return null;
        }

        var names = new List<string>(requested);
        foreach (var entry in sequence.State)
        {
            if (!IsCarriedSlice(entry) && !names.Contains(entry.OutputName, StringComparer.Ordinal))
            {
                names.Add(entry.OutputName);
            }
        }

        return names;
    }

    public static bool IsCarriedSlice(SequenceStateConfig entry) => string.Equals(entry.InputName, entry.OutputName, StringComparison.Ordinal);

    private static int IndexOfInput(SequenceBatchingConfig sequence, string name)
    {
        for (var i = 0; i < sequence.State.Length; i++)
        {
            if (string.Equals(sequence.State[i].InputName, name, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    // [1, dims...] with the batch of one at batch_axis; a carried slice is [1, n].
    private static long[] ShapeOfOne(SequenceStateConfig entry)
    {
        var axis = Math.Clamp(entry.BatchAxis, 0, entry.Dims.Length);
        var shape = new List<long>(entry.Dims);
        shape.Insert(axis, 1);
        return [.. shape];
    }

    private static TensorDataType DataTypeOf(SequenceStateConfig entry) =>
        entry.DataType.StartsWith("TYPE_", StringComparison.Ordinal) && TensorDataTypes.TryParse(entry.DataType.AsSpan(5), out var type) && type.Value.ElementSize() > 0
            ? type.Value
            : throw InferenceException.InvalidArgument($"state '{entry.InputName}' has data_type '{entry.DataType}', which a session cannot carry");

    // [1, k] ++ [1, n] on the last axis -> [1, k + n].
    private static TensorPayload Prepend(TensorPayload slice, TensorPayload input)
    {
        if (input.DataType != slice.DataType)
        {
            throw InferenceException.InvalidArgument($"input '{input.Name}' has datatype {input.DataType.ToProtocolName()}; the session carries {slice.DataType.ToProtocolName()}");
        }

        if (input.Shape.Length != 2 || input.Shape[0] != 1)
        {
            throw InferenceException.InvalidArgument(
                $"input '{input.Name}' has shape [{string.Join(", ", input.Shape)}]; a session step sends [1, n]: one row of new elements, after which the session puts the {slice.Shape[1]} it carries");
        }

        var data = new byte[slice.Data.Length + input.Data.Length];
        slice.Data.Span.CopyTo(data);
        input.Data.Span.CopyTo(data.AsSpan(slice.Data.Length));
        return new TensorPayload(input.Name, input.DataType, [1, slice.Shape[1] + input.Shape[1]], data);
    }

    private static TensorPayload Tail(TensorPayload input, SequenceStateConfig entry)
    {
        var count = entry.Dims[0];
        var bytes = (int)(count * input.DataType.ElementSize());
        var tail = input.Data[^bytes..].ToArray();
        return new TensorPayload(entry.InputName, input.DataType, [1, count], tail);
    }
}
