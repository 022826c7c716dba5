using AIaaS.Errors;
using AIaaS.Tensors;

namespace AIaaS.Http.Protocol;

/// <summary>
/// The bytes after the JSON header of a binary request, handed out to the inputs with
/// <c>binary_data_size</c> in input order. Each input's data is a slice of the body, not a copy,
/// so the body buffer must live as long as the payloads (see <see cref="RequestBody"/>).
/// Every size error names the input it is found at.
/// </summary>
internal sealed class BinaryTensorSection
{
    private readonly ReadOnlyMemory<byte> _data;
    private readonly bool _present;
    private int _offset;
    private string? _lastInput;

    /// <param name="data">The bytes after the JSON header.</param>
    /// <param name="present">Whether the request carried <c>Inference-Header-Content-Length</c>; without it no input may be binary.</param>
    public BinaryTensorSection(ReadOnlyMemory<byte> data, bool present)
    {
        _data = data;
        _present = present;
    }

    /// <summary>The next <paramref name="size"/> bytes as the data of input <paramref name="name"/>, checked against its shape and datatype.</summary>
    public ReadOnlyMemory<byte> Take(string name, TensorDataType type, long[] shape, long elementCount, long size)
    {
        if (!_present)
        {
            throw InferenceException.InvalidArgument(
                $"input '{name}' has 'binary_data_size' but the request has no {InferenceHeaderContentLength.Name} header");
        }

        if (type != TensorDataType.Bytes)
        {
            var expected = elementCount * type.ElementSize();
            if (size != expected)
            {
                throw InferenceException.InvalidArgument(
                    $"input '{name}' binary_data_size {size} does not match shape [{string.Join(',', shape)}] of {type.ToProtocolName()}, which needs {expected} bytes");
            }
        }

        var remaining = _data.Length - _offset;
        if (size > remaining)
        {
            throw InferenceException.InvalidArgument(
                $"input '{name}' binary_data_size {size} overruns the binary data: {remaining} bytes remain after the JSON header and the inputs before it");
        }

        var slice = _data.Slice(_offset, (int)size);
        if (type == TensorDataType.Bytes)
        {
            CheckBytesLayout(name, slice.Span, elementCount);
        }

        _offset += (int)size;
        _lastInput = name;
        return slice;
    }

    /// <summary>Fails when bytes are left over: the sizes must add up to the binary section exactly.</summary>
    public void EnsureConsumed()
    {
        var left = _data.Length - _offset;
        if (left == 0)
        {
            return;
        }

        throw InferenceException.InvalidArgument(_lastInput is null
            ? $"the body has {left} bytes after the JSON header ({InferenceHeaderContentLength.Name}) but no input has 'binary_data_size'"
            : $"the body has {left} bytes left after input '{_lastInput}', the last binary input: the binary_data_size values must add up to the bytes after the JSON header");
    }

    // The elements must fit the size exactly and be as many as the shape says.
    private static void CheckBytesLayout(string name, ReadOnlySpan<byte> data, long elementCount)
    {
        var layout = BytesTensorCodec.Inspect(data, elementCount);
        switch (layout.Status)
        {
            case BytesTensorLayoutStatus.TruncatedLength:
                throw InferenceException.InvalidArgument(
                    $"input '{name}' BYTES element {layout.Elements} has a truncated 4-byte length prefix at offset {layout.Offset} of its {data.Length} binary bytes");
            case BytesTensorLayoutStatus.LengthPastEnd:
                throw InferenceException.InvalidArgument(
                    $"input '{name}' BYTES element {layout.Elements} has length {layout.Length}, which overruns its binary_data_size {data.Length}");
            case BytesTensorLayoutStatus.CountMismatch:
                throw InferenceException.InvalidArgument(
                    $"input '{name}' has {layout.Elements} BYTES elements in its {data.Length} binary bytes but its shape needs {elementCount}");
        }
    }
}
