namespace AIaaS.Testing;

/// <summary>
/// What <c>OnnxModelBuilder.StatefulAccumulator</c> computes over a session, in plain C#: the
/// expected outputs of a sequence of steps, with the state held here rather than by the server.
/// </summary>
public sealed class AccumulatorReference(long sampleRate)
{
    private float _context;
    private readonly float[] _state = new float[4];

    /// <summary>The <c>output</c> of one step with new samples <paramref name="samples"/>.</summary>
    public float Step(params float[] samples)
    {
        var rowSum = _context + samples.Sum();
        var output = rowSum * sampleRate + _state.Sum();
        for (var i = 0; i < _state.Length; i++)
        {
            _state[i] += rowSum;
        }

        _context = samples[^1];
        return output;
    }
}
