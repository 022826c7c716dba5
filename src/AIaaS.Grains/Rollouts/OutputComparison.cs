using System.Runtime.InteropServices;
using AIaaS.Tensors;

namespace AIaaS.Grains.Rollouts;

/// <summary>
/// How a candidate's outputs for one request compare with the stable version's: the largest
/// absolute difference of any element, and for classifier-shaped outputs (FP32, rank 2 or more,
/// a last axis of 2 or more classes) how many rows chose the same top-1 class. Outputs that cannot
/// be compared (a missing output, another type or shape, NaN against a number) differ infinitely.
/// </summary>
internal readonly record struct OutputComparison(double MaxAbsDiff, long Top1Rows, long Top1Agreed)
{
    public static OutputComparison Compare(IReadOnlyList<TensorPayload> candidate, IReadOnlyList<TensorPayload> reference)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(reference);
        var max = 0d;
        long rows = 0;
        long agreed = 0;
        foreach (var expected in reference)
        {
            var actual = candidate.FirstOrDefault(c => c.Name == expected.Name);
            if (actual is null || actual.DataType != expected.DataType || !actual.Shape.AsSpan().SequenceEqual(expected.Shape) || actual.Data.Length != expected.Data.Length)
            {
                max = double.PositiveInfinity;
                continue;
            }

            if (expected.DataType != TensorDataType.Fp32)
            {
                // Integers, booleans, strings: equal or not.
                max = Math.Max(max, actual.Data.Span.SequenceEqual(expected.Data.Span) ? 0 : double.PositiveInfinity);
                continue;
            }

            var a = MemoryMarshal.Cast<byte, float>(actual.Data.Span);
            var e = MemoryMarshal.Cast<byte, float>(expected.Data.Span);
            for (var i = 0; i < e.Length; i++)
            {
                var diff = Math.Abs((double)a[i] - e[i]);
                if (double.IsNaN(diff))
                {
                    diff = float.IsNaN(a[i]) && float.IsNaN(e[i]) ? 0 : double.PositiveInfinity;
                }

                max = Math.Max(max, diff);
            }

            if (expected.Shape.Length >= 2 && expected.Shape[^1] >= 2)
            {
                var classes = (int)expected.Shape[^1];
                for (var row = 0; row + classes <= e.Length; row += classes)
                {
                    rows++;
                    if (ArgMax(a.Slice(row, classes)) == ArgMax(e.Slice(row, classes)))
                    {
                        agreed++;
                    }
                }
            }
        }

        return new OutputComparison(max, rows, agreed);
    }

    private static int ArgMax(ReadOnlySpan<float> values)
    {
        var best = 0;
        for (var i = 1; i < values.Length; i++)
        {
            if (values[i] > values[best])
            {
                best = i;
            }
        }

        return best;
    }
}
