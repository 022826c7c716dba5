using System.Buffers.Binary;
using System.Text;

namespace AIaaS.Testing;

/// <summary>Writes .npy bytes by hand, as NumPy lays them out, so tests do not depend on the reader they check.</summary>
public static class NpyFile
{
    /// <summary>
    /// Magic, version, header length, the dict padded with spaces and a newline so the data starts
    /// at a multiple of 64 bytes, then <paramref name="data"/>.
    /// </summary>
    public static byte[] Build(string descr, string shape, ReadOnlySpan<byte> data, int major = 1, bool fortranOrder = false)
    {
        var dict = $"{{'descr': '{descr}', 'fortran_order': {(fortranOrder ? "True" : "False")}, 'shape': {shape}, }}";
        var prefix = major == 1 ? 10 : 12;
        var total = prefix + dict.Length + 1;
        var padded = dict + new string(' ', (64 - (total % 64)) % 64) + "\n";
        var header = Encoding.ASCII.GetBytes(padded);

        var file = new List<byte> { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', (byte)major, 0 };
        var length = new byte[major == 1 ? 2 : 4];
        if (major == 1)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(length, (ushort)header.Length);
        }
        else
        {
            BinaryPrimitives.WriteUInt32LittleEndian(length, (uint)header.Length);
        }

        file.AddRange(length);
        file.AddRange(header);
        file.AddRange(data.ToArray());
        return file.ToArray();
    }
}
