using System.Diagnostics.CodeAnalysis;
using AIaaS.Errors;
using AIaaS.Inference.Batching;
using AIaaS.Models;
using AIaaS.Tensors;

namespace AIaaS.Inference.Validation;

/// <summary>
/// Checks a request against a model's signature before ONNX Runtime sees it, so a caller gets a
/// 400 naming the input and what is wrong rather than an ONNX Runtime message or a crash.
/// </summary>
/// <remarks>
/// Runs on every request: a valid request allocates nothing; messages are built only on failure.
/// Models have a handful of inputs, so names are matched by linear search.
/// </remarks>
internal static class RequestValidator
{
    /// <summary>
    /// Checks a request for a model with this <c>max_batch_size</c> and no other configuration:
    /// builds the model's <see cref="BatchAxes"/> on every call, which a loaded replica keeps instead.
    /// </summary>
    /// <param name="signature">The model's inputs and outputs.</param>
    /// <param name="maxBatchSize">
    /// The model's <c>max_batch_size</c>; when above 0, the first dimension of every input the
    /// model declares with a variable first dimension is the batch and may not exceed it.
    /// </param>
    /// <param name="inputs">Every input of the request.</param>
    /// <param name="outputs">Requested outputs, or null for all.</param>
    /// <exception cref="InferenceException">Kind InvalidArgument, naming the input or output at fault.</exception>
    public static void Validate(ModelSignature signature, int maxBatchSize, IReadOnlyList<TensorPayload> inputs, IReadOnlyList<string>? outputs) =>
        Validate(signature, maxBatchSize, BatchAxes.FromConfig(new ModelConfig { MaxBatchSize = maxBatchSize }, signature), inputs, outputs);

    /// <summary>
    /// As above, with the batch axis of each input taken from the model's configuration
    /// (<see cref="BatchAxes.FromConfig"/>): a sequence-state input batches on its configured
    /// <c>batch_axis</c> (silero's <c>state</c> on axis 1), any other input with a variable first
    /// dimension on axis 0. Builds the axes on every call.
    /// </summary>
    public static void Validate(ModelSignature signature, ModelConfig config, IReadOnlyList<TensorPayload> inputs, IReadOnlyList<string>? outputs)
    {
        ArgumentNullException.ThrowIfNull(config);
        Validate(signature, config.MaxBatchSize, BatchAxes.FromConfig(config, signature), inputs, outputs);
    }

    /// <summary>
    /// Checks a request against a loaded model: its signature, its <c>max_batch_size</c> and the
    /// batch axes built once from both (<see cref="BatchAxes.FromConfig"/>), the rule the
    /// scheduler batches by. A valid request allocates nothing.
    /// </summary>
    /// <exception cref="InferenceException">Kind InvalidArgument, naming the input or output at fault.</exception>
    public static void Validate(ModelSignature signature, int maxBatchSize, BatchAxes axes, IReadOnlyList<TensorPayload> inputs, IReadOnlyList<string>? outputs)
    {
        ArgumentNullException.ThrowIfNull(signature);
        ArgumentNullException.ThrowIfNull(axes);
        ArgumentNullException.ThrowIfNull(inputs);

        var specs = signature.Inputs;
        // The first batched input's batch size, which every other batched input must share.
        var batchInput = -1;
        long batchSize = 0;
        for (var i = 0; i < inputs.Count; i++)
        {
            var input = inputs[i] ?? ThrowNullInput(i);
            var spec = FindSpec(specs, input.Name) ?? ThrowUnexpectedInput(input.Name, specs);
            for (var j = 0; j < i; j++)
            {
                if (string.Equals(inputs[j].Name, input.Name, StringComparison.Ordinal))
                {
                    ThrowDuplicateInput(input.Name);
                }
            }

            // A missing shape is reported by ValidateInput.
            var axis = input.Shape is null ? -1 : axes.OfInput(input);
            ValidateInput(input, spec, axis);
            if (axis >= 0 && input.Shape is { } shape)
            {
                var size = shape[axis];
                if (size == 0)
                {
                    // An empty batch reaches native code that may abort the process (LSTM in silero).
                    ThrowEmptyBatch(input, axis);
                }

                if (size > maxBatchSize)
                {
                    ThrowBatchTooLarge(input, axis, maxBatchSize);
                }

                if (batchInput < 0)
                {
                    batchInput = i;
                    batchSize = size;
                }
                else if (size != batchSize)
                {
                    ThrowBatchMismatch(input, axis, inputs[batchInput], batchSize);
                }
            }
        }

        // Every input matched a distinct spec above, so equal counts mean none is missing.
        if (inputs.Count != specs.Count)
        {
            ThrowMissingInput(specs, inputs);
        }

        if (outputs is not null)
        {
            ValidateOutputs(signature.Outputs, outputs);
        }
    }

    private static void ValidateInput(TensorPayload input, TensorSpec spec, int batchAxis)
    {
        if (input.DataType != spec.DataType)
        {
            ThrowDataTypeMismatch(input, spec);
        }

        var shape = input.Shape;
        if (shape is null || shape.Length != spec.Shape.Length)
        {
            ThrowRankMismatch(input, spec);
        }

        long count = 1;
        var overflow = false;
        var empty = false;
        for (var d = 0; d < shape.Length; d++)
        {
            var dim = shape[d];
            if (dim < 0)
            {
                ThrowNegativeDimension(input, d);
            }

            var expected = spec.Shape[d];
            if (expected >= 0 && dim != expected)
            {
                ThrowDimensionMismatch(input, d, expected);
            }

            if (spec.MultipleOf > 0 && expected < 0 && d != batchAxis && (dim == 0 || dim % spec.MultipleOf != 0))
            {
                ThrowNotMultiple(input, d, spec.MultipleOf);
            }

            if (dim == 0)
            {
                empty = true;
            }
            else if (count > long.MaxValue / dim)
            {
                overflow = true;
            }

            count = unchecked(count * dim);
        }

        // A zero dimension makes the count 0 whatever overflowed before or after it.
        if (empty)
        {
            count = 0;
        }
        else if (overflow)
        {
            ThrowTooManyElements(input);
        }

        if (input.DataType == TensorDataType.Bytes)
        {
            ValidateBytes(input, count);
            return;
        }

        var size = input.DataType.ElementSize();
        if (count > long.MaxValue / size || input.Data.Length != count * size)
        {
            ThrowDataLengthMismatch(input, count, size);
        }
    }

    private static void ValidateBytes(TensorPayload input, long count)
    {
        var data = input.Data.Span;
        var offset = 0;
        for (long element = 0; element < count; element++)
        {
            if (!BytesTensorCodec.TryReadNext(data, ref offset, out _))
            {
                ThrowBytesTruncated(input, element, count);
            }
        }

        if (offset != data.Length)
        {
            ThrowBytesTrailing(input, data.Length - offset, count);
        }
    }

    private static void ValidateOutputs(IReadOnlyList<TensorSpec> specs, IReadOnlyList<string> outputs)
    {
        for (var i = 0; i < outputs.Count; i++)
        {
            var name = outputs[i];
            if (FindSpec(specs, name) is null)
            {
                ThrowUnknownOutput(name, specs);
            }

            for (var j = 0; j < i; j++)
            {
                if (string.Equals(outputs[j], name, StringComparison.Ordinal))
                {
                    ThrowDuplicateOutput(name);
                }
            }
        }
    }

    private static TensorSpec? FindSpec(IReadOnlyList<TensorSpec> specs, string? name)
    {
        for (var i = 0; i < specs.Count; i++)
        {
            if (string.Equals(specs[i].Name, name, StringComparison.Ordinal))
            {
                return specs[i];
            }
        }

        return null;
    }

    private static string Names(IReadOnlyList<TensorSpec> specs) => string.Join(", ", specs.Select(s => s.Name));

    private static string Shape(long[] shape) => $"[{string.Join(',', shape)}]";

    [DoesNotReturn]
    private static TensorPayload ThrowNullInput(int index) =>
        throw InferenceException.InvalidArgument($"input at position {index} is null");

    [DoesNotReturn]
    private static TensorSpec ThrowUnexpectedInput(string? name, IReadOnlyList<TensorSpec> specs) =>
        throw InferenceException.InvalidArgument($"unexpected input '{name}'; the model's inputs are {Names(specs)}");

    [DoesNotReturn]
    private static void ThrowDuplicateInput(string name) =>
        throw InferenceException.InvalidArgument($"input '{name}' is given more than once");

    [DoesNotReturn]
    private static void ThrowMissingInput(IReadOnlyList<TensorSpec> specs, IReadOnlyList<TensorPayload> inputs)
    {
        var missing = specs.Where(s => !inputs.Any(i => string.Equals(i.Name, s.Name, StringComparison.Ordinal)))
            .Select(s => $"'{s.Name}'");
        throw InferenceException.InvalidArgument(
            $"missing input {string.Join(", ", missing)}; the model's inputs are {Names(specs)}");
    }

    [DoesNotReturn]
    private static void ThrowDataTypeMismatch(TensorPayload input, TensorSpec spec) =>
        throw InferenceException.InvalidArgument(
            $"input '{input.Name}' has datatype {input.DataType.ToProtocolName()} but the model expects {spec.DataType.ToProtocolName()}");

    [DoesNotReturn]
    private static void ThrowRankMismatch(TensorPayload input, TensorSpec spec) =>
        throw InferenceException.InvalidArgument(input.Shape is null
            ? $"input '{input.Name}' has no shape but the model expects {Shape(spec.Shape)}"
            : $"input '{input.Name}' has shape {Shape(input.Shape)} of rank {input.Shape.Length} but the model expects rank {spec.Shape.Length}, {Shape(spec.Shape)}");

    [DoesNotReturn]
    private static void ThrowNegativeDimension(TensorPayload input, int dimension) =>
        throw InferenceException.InvalidArgument(
            $"input '{input.Name}' dimension {dimension} is {input.Shape[dimension]}; dimensions may not be negative");

    [DoesNotReturn]
    private static void ThrowDimensionMismatch(TensorPayload input, int dimension, long expected) =>
        throw InferenceException.InvalidArgument(
            $"input '{input.Name}' dimension {dimension} is {input.Shape[dimension]} but the model expects {expected}");

    [DoesNotReturn]
    private static void ThrowNotMultiple(TensorPayload input, int dimension, int multiple) =>
        throw InferenceException.InvalidArgument(
            $"input '{input.Name}' dimension {dimension} is {input.Shape[dimension]} but the model takes only positive multiples of {multiple} there");

    [DoesNotReturn]
    private static void ThrowBatchTooLarge(TensorPayload input, int axis, int maxBatchSize) =>
        throw InferenceException.InvalidArgument(
            $"input '{input.Name}' has batch size {input.Shape[axis]} but the model's max_batch_size is {maxBatchSize}");

    [DoesNotReturn]
    private static void ThrowEmptyBatch(TensorPayload input, int axis) =>
        throw InferenceException.InvalidArgument(
            $"input '{input.Name}' has batch size 0 (dimension {axis}); a request carries at least one item");

    [DoesNotReturn]
    private static void ThrowBatchMismatch(TensorPayload input, int axis, TensorPayload first, long batchSize) =>
        throw InferenceException.InvalidArgument(
            $"input '{input.Name}' has batch size {input.Shape[axis]} (dimension {axis}) but input '{first.Name}' has batch size {batchSize}");

    [DoesNotReturn]
    private static void ThrowTooManyElements(TensorPayload input) =>
        throw InferenceException.InvalidArgument(
            $"input '{input.Name}' shape {Shape(input.Shape)} has more elements than a tensor can hold");

    [DoesNotReturn]
    private static void ThrowDataLengthMismatch(TensorPayload input, long count, int size)
    {
        var needed = count > long.MaxValue / size ? "more bytes than a tensor can hold" : (count * size).ToString(System.Globalization.CultureInfo.InvariantCulture);
        throw InferenceException.InvalidArgument(
            $"input '{input.Name}' has {input.Data.Length} bytes but shape {Shape(input.Shape)} of {input.DataType.ToProtocolName()} needs {needed}");
    }

    [DoesNotReturn]
    private static void ThrowBytesTruncated(TensorPayload input, long element, long count) =>
        throw InferenceException.InvalidArgument(
            $"input '{input.Name}' BYTES data ends inside element {element} but shape {Shape(input.Shape)} has {count} elements");

    [DoesNotReturn]
    private static void ThrowBytesTrailing(TensorPayload input, int trailing, long count) =>
        throw InferenceException.InvalidArgument(
            $"input '{input.Name}' BYTES data has {trailing} bytes left over after the {count} elements of shape {Shape(input.Shape)}");

    [DoesNotReturn]
    private static void ThrowUnknownOutput(string? name, IReadOnlyList<TensorSpec> specs) =>
        throw InferenceException.InvalidArgument($"unknown output '{name}'; the model's outputs are {Names(specs)}");

    [DoesNotReturn]
    private static void ThrowDuplicateOutput(string name) =>
        throw InferenceException.InvalidArgument($"output '{name}' is requested more than once");
}
