using System.Buffers.Binary;
using AIaaS.Tensors;

namespace AIaaS.Cli.Bench;

/// <summary>
/// Input tensors made from a model's declared inputs, for load generation: built once, then sent
/// unchanged by every call. Shapes: a dynamic (-1) first dimension is the batch axis and takes the
/// batch size; every other dynamic dimension comes from <see cref="InputShape"/> options. Data is
/// pseudo-random from a seed, so one seed gives the same bytes in every run: floats in [0, 1),
/// integers in [0, 100), booleans, and 8-letter strings for BYTES.
/// </summary>
internal static class SyntheticInputs
{
    private const int IntegerRange = 100;
    private const int StringLength = 8;

    /// <exception cref="BenchInputException">A shape is missing, names no input, or does not fit the model.</exception>
    public static IReadOnlyList<TensorPayload> Create(IReadOnlyList<TensorSpec> inputs, int batchSize, IReadOnlyList<InputShape> shapes, int seed)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(shapes);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        foreach (var shape in shapes)
        {
            if (!inputs.Any(i => i.Name == shape.Name))
            {
                throw new BenchInputException($"--shape {shape} names no input of the model; its inputs are {Names(inputs)}");
            }
        }

        if (batchSize > 1 && !inputs.Any(HasBatchAxis))
        {
            throw new BenchInputException($"--batch-size {batchSize}: no input of the model has a batch axis (a dynamic first dimension); its inputs are {Describe(inputs)}");
        }

        var random = new Random(seed);
        var tensors = new List<TensorPayload>(inputs.Count);
        foreach (var input in inputs)
        {
            var shape = ResolveShape(input, batchSize, shapes.LastOrDefault(s => s.Name == input.Name));
            tensors.Add(new TensorPayload(input.Name, input.DataType, shape, Fill(input.DataType, ElementCount(input.Name, shape), random)));
        }

        return tensors;
    }

    /// <summary>Whether the input's first dimension is dynamic, which makes it the batch axis.</summary>
    public static bool HasBatchAxis(TensorSpec input) => input.Shape.Length > 0 && input.Shape[0] == -1;

    /// <summary><c>x FP32 [-1,3,-1,-1]</c> for messages.</summary>
    public static string Describe(TensorSpec input) => $"{input.Name} {input.DataType.ToProtocolName()} [{string.Join(",", input.Shape)}]";

    private static long[] ResolveShape(TensorSpec input, int batchSize, InputShape? given)
    {
        var declared = input.Shape;
        var batched = HasBatchAxis(input);
        var first = batched ? 1 : 0;
        if (given is null)
        {
            if (declared.Skip(first).Any(d => d < 0))
            {
                var example = string.Join(",", declared.Skip(first).Select(d => d < 0 ? "N" : $"{d}"));
                throw new BenchInputException(
                    $"input '{input.Name}' [{string.Join(",", declared)}] has dynamic dimensions {(batched ? "besides the batch axis " : "")}"
                    + $"that only --shape can set: give --shape {input.Name}:{example} with a size for each N{(batched ? " (the batch axis, left out, is --batch-size)" : "")}");
            }

            return batched ? [batchSize, .. declared[1..]] : [.. declared];
        }

        if (given.Dimensions.Length != declared.Length - first)
        {
            throw new BenchInputException(batched
                ? $"--shape {given} gives {given.Dimensions.Length} dimension(s); input '{input.Name}' [{string.Join(",", declared)}] takes {declared.Length - 1}: its first dimension is the batch axis, set by --batch-size"
                : $"--shape {given} gives {given.Dimensions.Length} dimension(s); input '{input.Name}' [{string.Join(",", declared)}] has {declared.Length}");
        }

        var shape = new long[declared.Length];
        if (batched)
        {
            shape[0] = batchSize;
        }

        for (var i = first; i < declared.Length; i++)
        {
            var size = given.Dimensions[i - first];
            if (declared[i] >= 0 && declared[i] != size)
            {
                throw new BenchInputException($"--shape {given}: dimension {i} of input '{input.Name}' [{string.Join(",", declared)}] is fixed at {declared[i]}, not {size}");
            }

            shape[i] = size;
        }

        return shape;
    }

    private static int ElementCount(string name, long[] shape)
    {
        Int128 count = 1;
        foreach (var dim in shape)
        {
            count *= dim;
        }

        // One request body is a byte array: keep every tensor well inside it.
        return count <= Array.MaxLength / 16
            ? (int)count
            : throw new BenchInputException($"input '{name}' [{string.Join(",", shape)}] has {count} elements: too large for one request");
    }

    private static byte[] Fill(TensorDataType type, int count, Random random)
    {
        if (type == TensorDataType.Bytes)
        {
            var elements = new byte[count * BytesTensorCodec.EncodedLength(StringLength)];
            Span<byte> text = stackalloc byte[StringLength];
            for (int i = 0, offset = 0; i < count; i++)
            {
                for (var j = 0; j < text.Length; j++)
                {
                    text[j] = (byte)('a' + random.Next(26));
                }

                offset += BytesTensorCodec.Write(elements.AsSpan(offset), text);
            }

            return elements;
        }

        var size = type.ElementSize();
        var data = new byte[count * size];
        for (var i = 0; i < count; i++)
        {
            var e = data.AsSpan(i * size, size);
            switch (type)
            {
                case TensorDataType.Fp32:
                    BinaryPrimitives.WriteSingleLittleEndian(e, random.NextSingle());
                    break;
                case TensorDataType.Fp64:
                    BinaryPrimitives.WriteDoubleLittleEndian(e, random.NextDouble());
                    break;
                case TensorDataType.Fp16:
                    BinaryPrimitives.WriteHalfLittleEndian(e, (Half)random.NextSingle());
                    break;
                case TensorDataType.Bool:
                    e[0] = (byte)random.Next(2);
                    break;
                default:
                    // Every integer type, little-endian: a value below 100 fits the low byte.
                    e[0] = (byte)random.Next(IntegerRange);
                    break;
            }
        }

        return data;
    }

    private static string Names(IReadOnlyList<TensorSpec> inputs) => string.Join(", ", inputs.Select(i => i.Name));

    private static string Describe(IReadOnlyList<TensorSpec> inputs) => string.Join("; ", inputs.Select(Describe));
}
