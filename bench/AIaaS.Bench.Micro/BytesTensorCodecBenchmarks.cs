using AIaaS.Tensors;
using BenchmarkDotNet.Attributes;

namespace AIaaS.Bench.Micro;

/// <summary>The BYTES codec on 1,000 strings of 32 characters: encoding, checking and walking a tensor.</summary>
[MemoryDiagnoser]
public class BytesTensorCodecBenchmarks
{
    private const int Count = 1_000;
    private string[] _strings = [];
    private byte[] _encoded = [];

    [GlobalSetup]
    public void Setup()
    {
        _strings = [.. Enumerable.Range(0, Count).Select(i => $"element {i:D6} of a BYTES tensor .")];
        _encoded = BytesTensorCodec.Encode(_strings);
    }

    [Benchmark]
    public byte[] EncodeStrings() => BytesTensorCodec.Encode(_strings);

    [Benchmark]
    public long Inspect() => BytesTensorCodec.Inspect(_encoded, Count).Elements;

    [Benchmark]
    public int Enumerate()
    {
        var length = 0;
        foreach (var element in BytesTensorCodec.Enumerate(_encoded))
        {
            length += element.Length;
        }

        return length;
    }
}
