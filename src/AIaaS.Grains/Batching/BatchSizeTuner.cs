namespace AIaaS.Grains.Batching;

/// <summary>
/// Chooses the largest batch a free executor takes from what batches of each size have cost: on a
/// CPU two executors running single requests can serve more than the same executors running
/// batches (the cores are already busy, and assembly and splitting cost copies), on a GPU a batch
/// of 8 costs little more than one. Not thread-safe: the scheduler calls it under its lock.
/// </summary>
/// <remarks>
/// Each run's time over its total batch dimension is averaged per size (exponentially, so the
/// figures follow the machine's load). The limit is the measured size of lowest cost per item,
/// among sizes with <see cref="MinimumSamples"/> runs; a size must be 3% cheaper to replace the
/// current one, so noise does not flap it. Every <see cref="ProbeEvery"/>th run probes another
/// size, in turn the powers of two up to <c>max_batch_size</c> and itself, so a size that is (or
/// has become) cheaper is found even past sizes that cost the same. With nothing measured the
/// limit is <c>max_batch_size</c>: the queue's own rule alone.
/// </remarks>
internal sealed class BatchSizeTuner
{
    public const int ProbeEvery = 16;
    public const int MinimumSamples = 3;
    private const double Weight = 0.2;
    private const double Margin = 0.97;

    private readonly double[] _perItem;
    private readonly int[] _samples;
    private readonly int _maxBatchSize;
    // 1, 2, 4, ... and max_batch_size.
    private readonly int[] _probes;
    private int _best;
    private long _runs;

    /// <param name="maxBatchSize">Above 0.</param>
    public BatchSizeTuner(int maxBatchSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatchSize, 1);
        _maxBatchSize = maxBatchSize;
        _perItem = new double[maxBatchSize + 1];
        _samples = new int[maxBatchSize + 1];
        _best = maxBatchSize;
        var probes = new List<int>();
        for (var size = 1; size < maxBatchSize; size *= 2)
        {
            probes.Add(size);
        }

        probes.Add(maxBatchSize);
        _probes = [.. probes];
    }

    /// <summary>The largest total batch dimension the next batch may take.</summary>
    public int Limit
    {
        get
        {
            if (_samples[_best] < MinimumSamples || _runs % ProbeEvery != ProbeEvery - 1)
            {
                return _best;
            }

            // The turn of the limit itself is no probe.
            return _probes[(int)(_runs / ProbeEvery % _probes.Length)];
        }
    }

    /// <summary>The cost per item measured for a size, in the units given to <see cref="Record"/>; null before any run of it.</summary>
    public double? CostPerItem(int size) => _samples[size] > 0 ? _perItem[size] : null;

    /// <summary>A run of <paramref name="size"/> items took <paramref name="elapsed"/> (any unit, the same every time).</summary>
    public void Record(int size, long elapsed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(size, _maxBatchSize);
        _runs++;
        var perItem = elapsed / (double)size;
        _perItem[size] = _samples[size] == 0 ? perItem : _perItem[size] + (Weight * (perItem - _perItem[size]));
        _samples[size]++;

        var cheapest = 0;
        for (var s = 1; s <= _maxBatchSize; s++)
        {
            if (_samples[s] >= MinimumSamples && (cheapest == 0 || _perItem[s] < _perItem[cheapest]))
            {
                cheapest = s;
            }
        }

        if (cheapest != 0 && (_samples[_best] < MinimumSamples || _perItem[cheapest] < _perItem[_best] * Margin))
        {
            _best = cheapest;
        }
    }
}
