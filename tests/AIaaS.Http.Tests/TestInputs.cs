namespace AIaaS.Http.Tests;

/// <summary>Seeded pseudo-random tensor data: the same seed gives the same values on every run.</summary>
internal static class TestInputs
{
    /// <summary><paramref name="count"/> floats uniform in [-1, 1).</summary>
    public static float[] Uniform(int seed, int count)
    {
        var random = new Random(seed);
        var values = new float[count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = (float)((random.NextDouble() * 2) - 1);
        }

        return values;
    }

    /// <summary>Flat row-major data as nested arrays of the given shape.</summary>
    public static object Nest(float[] flat, long[] shape)
    {
        var offset = 0;
        return Build(0);

        object Build(int axis)
        {
            if (axis == shape.Length - 1)
            {
                var leaf = flat.AsSpan(offset, (int)shape[axis]).ToArray();
                offset += leaf.Length;
                return leaf;
            }

            var items = new object[shape[axis]];
            for (var i = 0; i < items.Length; i++)
            {
                items[i] = Build(axis + 1);
            }

            return items;
        }
    }
}
