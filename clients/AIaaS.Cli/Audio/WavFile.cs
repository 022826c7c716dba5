using System.Buffers.Binary;

namespace AIaaS.Cli.Audio;

/// <summary>
/// Reads a RIFF WAV file of mono PCM (16-bit integers or 32-bit floats) into samples in [-1, 1].
/// Anything else is refused with what it is and the sox command that converts it.
/// </summary>
internal static class WavFile
{
    public static (float[] Samples, int SampleRate) Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var data = bytes.AsSpan();
        if (data.Length < 12 || !data[..4].SequenceEqual("RIFF"u8) || !data[8..12].SequenceEqual("WAVE"u8))
        {
            throw new InvalidDataException($"{path} is not a RIFF WAV file");
        }

        int? format = null, channels = null, rate = null, bits = null;
        var offset = 12;
        while (offset + 8 <= data.Length)
        {
            var id = data.Slice(offset, 4);
            var size = BinaryPrimitives.ReadInt32LittleEndian(data[(offset + 4)..]);
            var body = offset + 8;
            if (size < 0 || body + size > data.Length)
            {
                size = data.Length - body;
            }

            if (id.SequenceEqual("fmt "u8) && size >= 16)
            {
                format = BinaryPrimitives.ReadUInt16LittleEndian(data[body..]);
                channels = BinaryPrimitives.ReadUInt16LittleEndian(data[(body + 2)..]);
                rate = BinaryPrimitives.ReadInt32LittleEndian(data[(body + 4)..]);
                bits = BinaryPrimitives.ReadUInt16LittleEndian(data[(body + 14)..]);
            }
            else if (id.SequenceEqual("data"u8))
            {
                if (format is null)
                {
                    throw new InvalidDataException($"{path} has its data before its format");
                }

                if (channels != 1 || !((format == 1 && bits == 16) || (format == 3 && bits == 32)))
                {
                    throw new InvalidDataException(
                        $"{path} is {channels}-channel, format {format}, {bits}-bit; mono 16-bit PCM or 32-bit float is needed (sox {path} -c 1 -b 16 out.wav)");
                }

                var samples = data.Slice(body, size);
                return (format == 1 ? Pcm16(samples) : Float32(samples), rate!.Value);
            }

            offset = body + size + (size & 1);
        }

        throw new InvalidDataException($"{path} has no data chunk");
    }

    private static float[] Pcm16(ReadOnlySpan<byte> data)
    {
        var samples = new float[data.Length / 2];
        for (var i = 0; i < samples.Length; i++)
        {
            samples[i] = BinaryPrimitives.ReadInt16LittleEndian(data[(2 * i)..]) / 32768f;
        }

        return samples;
    }

    private static float[] Float32(ReadOnlySpan<byte> data)
    {
        var samples = new float[data.Length / 4];
        for (var i = 0; i < samples.Length; i++)
        {
            samples[i] = BinaryPrimitives.ReadSingleLittleEndian(data[(4 * i)..]);
        }

        return samples;
    }
}
