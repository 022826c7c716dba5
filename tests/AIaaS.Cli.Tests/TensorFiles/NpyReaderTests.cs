using System.Buffers.Binary;
using System.Runtime.InteropServices;
using AIaaS.Cli.TensorFiles;
using AIaaS.Testing;
using AIaaS.Tensors;

namespace AIaaS.Cli.Tests.TensorFiles;

/// <summary>The CLI's .npy reader on files whose header bytes the tests write by hand.</summary>
public sealed class NpyReaderTests
{
    [Fact(Timeout = 10_000)]
    public async Task Read_V1LittleEndianFloat32_ReturnsShapeAndValues()
    {
        await Task.Yield();
        float[] values = [1.5f, -2f, 0.25f, 3e-7f, float.MaxValue, -0f];
        var file = NpyFile.Build("<f4", "(2, 3)", MemoryMarshal.AsBytes(values.AsSpan()));
        Assert.Equal(0, (file.Length - values.Length * 4) % 64);

        var tensor = NpyReader.Read("x", file, "x.npy");

        Assert.Equal("x", tensor.Name);
        Assert.Equal(TensorDataType.Fp32, tensor.DataType);
        Assert.Equal([2, 3], tensor.Shape);
        Assert.Equal(values, tensor.ToArray<float>());
    }

    [Fact(Timeout = 10_000)]
    public async Task Read_V2BigEndianInt64_SwapsToLittleEndian()
    {
        await Task.Yield();
        long[] values = [1, -2, 1L << 40];
        var data = new byte[values.Length * 8];
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteInt64BigEndian(data.AsSpan(i * 8), values[i]);
        }

        var tensor = NpyReader.Read("ids", NpyFile.Build(">i8", "(3,)", data, major: 2), "ids.npy");

        Assert.Equal(TensorDataType.Int64, tensor.DataType);
        Assert.Equal([3], tensor.Shape);
        Assert.Equal(values, tensor.ToArray<long>());
    }

    [Fact(Timeout = 10_000)]
    public async Task Read_ScalarAndBoolAndUInt8_MapDtypes()
    {
        await Task.Yield();
        var scalar = NpyReader.Read("sr", NpyFile.Build("<i8", "()", BitConverter.GetBytes(16000L)), "sr.npy");
        var flags = NpyReader.Read("m", NpyFile.Build("|b1", "(2,)", [1, 0]), "m.npy");
        var pixels = NpyReader.Read("p", NpyFile.Build("|u1", "(1, 2)", [7, 255]), "p.npy");

        Assert.Empty(scalar.Shape);
        Assert.Equal([16000L], scalar.ToArray<long>());
        Assert.Equal(TensorDataType.Bool, flags.DataType);
        Assert.Equal([true, false], flags.ToArray<bool>());
        Assert.Equal(TensorDataType.UInt8, pixels.DataType);
        Assert.Equal([(byte)7, (byte)255], pixels.ToArray<byte>());
    }

    [Fact(Timeout = 10_000)]
    public async Task Read_FortranOrder_ThrowsNamingIt()
    {
        await Task.Yield();
        var file = NpyFile.Build("<f4", "(2, 2)", new byte[16], fortranOrder: true);

        var error = Assert.Throws<TensorFileException>(() => NpyReader.Read("x", file, "x.npy"));

        Assert.Contains("Fortran order", error.Message, StringComparison.Ordinal);
    }

    [Fact(Timeout = 10_000)]
    public async Task Read_DataShorterThanShape_ThrowsWithByteCounts()
    {
        await Task.Yield();
        var file = NpyFile.Build("<f4", "(2, 3)", new byte[20]);

        var error = Assert.Throws<TensorFileException>(() => NpyReader.Read("x", file, "x.npy"));

        Assert.Contains("needs 24 data bytes but the file has 20", error.Message, StringComparison.Ordinal);
    }

    [Fact(Timeout = 10_000)]
    public async Task Read_UnsupportedDtypeOrNoMagic_Throws()
    {
        await Task.Yield();
        Assert.Contains("'<U3'", Assert.Throws<TensorFileException>(() => NpyReader.Read("x", NpyFile.Build("<U3", "(1,)", new byte[12]), "x.npy")).Message, StringComparison.Ordinal);
        Assert.Contains("magic", Assert.Throws<TensorFileException>(() => NpyReader.Read("x", "not numpy at all"u8, "x.npy")).Message, StringComparison.Ordinal);
    }
}
