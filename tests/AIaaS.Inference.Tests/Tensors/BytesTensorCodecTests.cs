using System.Buffers.Binary;
using System.Text;
using AIaaS.Tensors;

namespace AIaaS.Inference.Tests.Tensors;

/// <summary>The one BYTES layout, at its limits.</summary>
public sealed class BytesTensorCodecTests
{
    [Fact]
    public void Encode_Strings_LengthPrefixThenUtf8Bytes()
    {
        var data = BytesTensorCodec.Encode(["", "ab", "é"]);

        Assert.Equal(new byte[] { 0, 0, 0, 0, 2, 0, 0, 0, (byte)'a', (byte)'b', 2, 0, 0, 0, 0xC3, 0xA9 }, data);
    }

    [Fact]
    public void Enumerate_EncodedElements_RoundTrips()
    {
        string[] texts = ["", "one", "二三", new string('x', 1000)];
        var data = BytesTensorCodec.Encode(texts);

        var read = new List<string>();
        foreach (var element in BytesTensorCodec.Enumerate(data))
        {
            read.Add(Encoding.UTF8.GetString(element));
        }

        Assert.Equal(texts, read);
        Assert.Equal(BytesTensorLayoutStatus.Valid, BytesTensorCodec.Inspect(data, texts.Length).Status);
    }

    [Fact]
    public void Inspect_Empty_ValidForZeroElements()
    {
        Assert.True(BytesTensorCodec.Inspect([], 0).IsValid);
        Assert.Equal(new BytesTensorLayout(BytesTensorLayoutStatus.CountMismatch, 0, 0, 0), BytesTensorCodec.Inspect([], 1));
    }

    [Fact]
    public void Inspect_ZeroLengthElement_IsOneElement()
    {
        Assert.True(BytesTensorCodec.Inspect([0, 0, 0, 0], 1).IsValid);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void Inspect_TruncatedPrefix_ReportsWhere(int prefixBytes)
    {
        var data = BytesTensorCodec.Encode(["ab"]).Concat(new byte[prefixBytes]).ToArray();

        Assert.Equal(new BytesTensorLayout(BytesTensorLayoutStatus.TruncatedLength, 1, 6, 0), BytesTensorCodec.Inspect(data, 2));
    }

    [Fact]
    public void Inspect_LengthPastEnd_ReportsClaimedLength()
    {
        byte[] data = [5, 0, 0, 0, (byte)'a', (byte)'b'];

        Assert.Equal(new BytesTensorLayout(BytesTensorLayoutStatus.LengthPastEnd, 0, 0, 5), BytesTensorCodec.Inspect(data, 1));
    }

    [Theory]
    [InlineData(uint.MaxValue)]
    [InlineData((uint)int.MaxValue + 1)]
    [InlineData((uint)int.MaxValue)]
    public void TryReadNext_LengthBeyondAnyBuffer_FalseAndOffsetUnchanged(uint length)
    {
        var data = new byte[8];
        BinaryPrimitives.WriteUInt32LittleEndian(data, length);
        var offset = 0;

        Assert.False(BytesTensorCodec.TryReadNext(data, ref offset, out _));
        Assert.Equal(0, offset);
        Assert.Equal(BytesTensorLayoutStatus.LengthPastEnd, BytesTensorCodec.Inspect(data, 1).Status);
    }

    [Fact]
    public void TryReadNext_OffsetPastEnd_False()
    {
        var offset = 10;

        Assert.False(BytesTensorCodec.TryReadNext(new byte[4], ref offset, out _));
    }

    [Fact]
    public void Inspect_MoreElementsThanExpected_CountMismatch()
    {
        var data = BytesTensorCodec.Encode(["a", "b", "c"]);

        Assert.Equal(new BytesTensorLayout(BytesTensorLayoutStatus.CountMismatch, 3, data.Length, 0), BytesTensorCodec.Inspect(data, 2));
    }

    [Fact]
    public void Write_ReturnsBytesWritten()
    {
        var destination = new byte[7];

        Assert.Equal(7, BytesTensorCodec.Write(destination, "abc"u8));
        Assert.Equal(new byte[] { 3, 0, 0, 0, (byte)'a', (byte)'b', (byte)'c' }, destination);
    }
}
