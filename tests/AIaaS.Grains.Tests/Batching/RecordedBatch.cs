using AIaaS.Tensors;

namespace AIaaS.Grains.Tests.Batching;

/// <summary>One run a <see cref="RecordingRunner"/> saw: each input's shape, and the first input's values as floats.</summary>
internal sealed record RecordedBatch(IReadOnlyList<long[]> Shapes, float[] FirstInput)
{
    public static RecordedBatch Of(IReadOnlyList<TensorPayload> inputs)
    {
        var shapes = new long[inputs.Count][];
        for (var i = 0; i < inputs.Count; i++)
        {
            shapes[i] = (long[])inputs[i].Shape.Clone();
        }

        return new RecordedBatch(shapes, TestTensors.ToFloats(inputs[0]));
    }
}
