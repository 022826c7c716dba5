using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using AIaaS.Tensors;

namespace AIaaS.Cli.TensorFiles;

/// <summary>
/// Reads a NumPy <c>.npy</c> file (format versions 1.0, 2.0 and 3.0) holding one C-ordered
/// array of a plain numeric or boolean dtype. Big-endian data is swapped to the protocol's
/// little-endian order.
/// </summary>
/// <remarks>
/// Layout: the magic <c>\x93NUMPY</c>, major and minor version bytes, the header length (2 bytes
/// little-endian in 1.0, 4 bytes in 2.0 and 3.0), then the header: a Python dict literal such as
/// <c>{'descr': '&lt;f4', 'fortran_order': False, 'shape': (1, 3, 48, 192), }</c> padded with
/// spaces and a newline; the raw data follows.
/// </remarks>
internal static partial class NpyReader
{
    private static ReadOnlySpan<byte> Magic => [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    /// <exception cref="TensorFileException">The file is not a .npy file this reader supports.</exception>
    public static TensorPayload Read(string name, ReadOnlySpan<byte> file, string path)
    {
        if (file.Length < 10 || !file[..6].SequenceEqual(Magic))
        {
            throw Fail(name, path, "not a .npy file (no \\x93NUMPY magic)");
        }

        var major = file[6];
        int headerLength;
        int dataOffset;
        switch (major)
        {
            case 1:
                headerLength = BinaryPrimitives.ReadUInt16LittleEndian(file[8..]);
                dataOffset = 10 + headerLength;
                break;
            case 2 or 3:
                if (file.Length < 12)
                {
                    throw Fail(name, path, "truncated header");
                }

                headerLength = checked((int)BinaryPrimitives.ReadUInt32LittleEndian(file[8..]));
                dataOffset = 12 + headerLength;
                break;
            default:
                throw Fail(name, path, $"format version {major}.{file[7]} is not supported (1.0, 2.0 and 3.0 are)");
        }

        if (dataOffset > file.Length)
        {
            throw Fail(name, path, "truncated header");
        }

        // 1.0 and 2.0 headers are latin-1, 3.0 is UTF-8; a plain numeric header is ASCII in all three.
        var header = Encoding.UTF8.GetString(file[(dataOffset - headerLength)..dataOffset]);
        var descr = DescrPattern().Match(header);
        if (!descr.Success)
        {
            throw Fail(name, path, $"the header has no plain dtype 'descr' (structured and object arrays are not supported): {header.Trim()}");
        }

        var fortran = FortranPattern().Match(header);
        if (fortran.Success && fortran.Groups[1].Value == "True")
        {
            throw Fail(name, path, "the array is in Fortran order; save it in C order (np.ascontiguousarray)");
        }

        var shapeMatch = ShapePattern().Match(header);
        if (!shapeMatch.Success)
        {
            throw Fail(name, path, $"the header has no 'shape': {header.Trim()}");
        }

        var shape = ParseShape(shapeMatch.Groups[1].Value, name, path);
        var (dataType, bigEndian) = ParseDescr(descr.Groups[1].Value, name, path);
        var elementSize = dataType.ElementSize();
        long count = 1;
        foreach (var dim in shape)
        {
            count = checked(count * dim);
        }

        var data = file[dataOffset..];
        if (data.Length != count * elementSize)
        {
            throw Fail(name, path, $"shape ({string.Join(", ", shape)}) of {descr.Groups[1].Value} needs {count * elementSize} data bytes but the file has {data.Length}");
        }

        var bytes = data.ToArray();
        if (bigEndian && elementSize > 1)
        {
            for (var i = 0; i < bytes.Length; i += elementSize)
            {
                bytes.AsSpan(i, elementSize).Reverse();
            }
        }

        return new TensorPayload(name, dataType, shape, bytes);
    }

    private static long[] ParseShape(string text, string name, string path)
    {
        var parts = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var shape = new long[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            // NumPy may write Python long literals ("3L") in files from Python 2.
            if (!long.TryParse(parts[i].TrimEnd('L'), NumberStyles.None, CultureInfo.InvariantCulture, out shape[i]))
            {
                throw Fail(name, path, $"shape element '{parts[i]}' is not a non-negative integer");
            }
        }

        return shape;
    }

    private static (TensorDataType Type, bool BigEndian) ParseDescr(string descr, string name, string path)
    {
        if (descr.Length < 2)
        {
            throw Fail(name, path, $"dtype '{descr}' is not supported");
        }

        var order = descr[0];
        var code = order is '<' or '>' or '|' or '=' ? descr[1..] : descr;
        TensorDataType? type = code switch
        {
            "f2" => TensorDataType.Fp16,
            "f4" => TensorDataType.Fp32,
            "f8" => TensorDataType.Fp64,
            "i1" => TensorDataType.Int8,
            "i2" => TensorDataType.Int16,
            "i4" => TensorDataType.Int32,
            "i8" => TensorDataType.Int64,
            "u1" => TensorDataType.UInt8,
            "u2" => TensorDataType.UInt16,
            "u4" => TensorDataType.UInt32,
            "u8" => TensorDataType.UInt64,
            "b1" => TensorDataType.Bool,
            _ => null,
        };
        return type is { } t
            ? (t, order == '>')
            : throw Fail(name, path, $"dtype '{descr}' is not supported (numeric and bool dtypes are: f2 f4 f8 i1 i2 i4 i8 u1 u2 u4 u8 b1)");
    }

    private static TensorFileException Fail(string name, string path, string message) => new($"input '{name}': {path}: {message}");

    [GeneratedRegex(@"'descr'\s*:\s*'([^']*)'")]
    private static partial Regex DescrPattern();

    [GeneratedRegex(@"'fortran_order'\s*:\s*(True|False)")]
    private static partial Regex FortranPattern();

    [GeneratedRegex(@"'shape'\s*:\s*\(([^)]*)\)")]
    private static partial Regex ShapePattern();
}
