namespace AIaaS.Grains.Batching;

/// <summary>
/// Chooses the largest batch a free executor takes from what batches of each size have cost: on a
/// CPU a batch can cost more per item than single requests (the cores are already busy, and
/// assembly and splitting cost copies), on a GPU a batch of 8 costs little more than one. Not
/// thread-safe: the scheduler calls it under its lock.
/// </summary>
/// <remarks>
/// Each run's time over its total batch dimension is averaged per size: the least of its first
/// <see cref="MinimumSamples"/> runs, then exponentially (so the figures follow the machine's
/// load), an outlier counted as at most half again the figure. The limit is the largest measured
/// size within 10% of the lowest cost per item (sizes with <see cref="MinimumSamples"/> runs); a
/// smaller limit within that 10% stays until a larger one joins it, so noise does not flap it.
/// Ties go to the larger batch, and the limit never goes below the smallest preferred batch size,
/// because this figure misses what a run costs outside it: on 2 CPU cores ppocr-cls in batches of 4
/// measured dearer per item here than single runs, yet took 12% less of the silo's CPU per image
/// and served more (docs/benchmarks.md). Every <see cref="ProbeEvery"/>th run probes another size,
/// in turn the smallest, twice it, ... up to <c>max_batch_size</c>, so a size that is (or has
/// become) cheaper is found even past sizes that cost the same. With nothing measured the limit is
/// <c>max_batch_size</c>: the queue's own rule alone.
/// </remarks>
internal sealed class BatchSizeTuner
{
    public const int ProbeEvery = 16;
    public const int MinimumSamples = 3;
    private const double Weight = 0.1;
    private const double OutlierFactor = 1.5;
    private const double Margin = 0.9;

    private readonly double[] _perItem;
    private readonly int[] _samples;
    private readonly int _maxBatchSize;
    private readonly int _smallest;
    // smallest, twice it, four times it, ... and max_batch_size.
    private readonly int[] _probes;
    private int _best;
    private long _runs;

    /// <param name="maxBatchSize">Above 0.</param>
    /// <param name="smallest">The smallest size the limit may take, from 1 to <paramref name="maxBatchSize"/>: the smallest preferred batch size, when the config names one.</param>
    public BatchSizeTuner(int maxBatchSize, int smallest = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatchSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(smallest, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(smallest, maxBatchSize);
        _maxBatchSize = maxBatchSize;
        _smallest = smallest;
        _perItem = new double[maxBatchSize + 1];
        _samples = new int[maxBatchSize + 1];
        _best = maxBatchSize;
        var probes = new List<int>();
        for (var size = smallest; size < maxBatchSize; size *= 2)
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
        if (_samples[size] < MinimumSamples)
        {
            // The least of the first runs: ONNX Runtime's first run of a shape allocates, and a size
            // probed rarely must not keep that figure for long. Too low is soon corrected, since
            // the limit then runs that size every time; too high would not be.
            _perItem[size] = _samples[size] == 0 ? perItem : Math.Min(_perItem[size], perItem);
        }
        else
        {
            // A run stalled by a collection or a neighbour moves the figure by Weight x 50% at most,
            // so one outlier cannot push the limit off a size that is cheap.
            var current = _perItem[size];
            _perItem[size] = current + (Weight * (Math.Clamp(perItem, current / OutlierFactor, current * OutlierFactor) - current));
        }

        _samples[size]++;

        var cheapest = 0;
        for (var s = _smallest; s <= _maxBatchSize; s++)
        {
            if (_samples[s] >= MinimumSamples && (cheapest == 0 || _perItem[s] < _perItem[cheapest]))
            {
                cheapest = s;
            }
        }

        if (cheapest == 0)
        {
            return;
        }

        // Of the sizes as cheap as the cheapest within the margin, the largest: what a run costs
        // beyond the time measured here (dispatch, completing each caller) falls per item as
        // batches grow, so a tie goes to the larger batch. The limit moves down only when it is no
        // longer within the margin, so noise does not flap it.
        var largest = cheapest;
        for (var s = _maxBatchSize; s > cheapest; s--)
        {
            if (_samples[s] >= MinimumSamples && _perItem[s] * Margin <= _perItem[cheapest])
            {
                largest = s;
                break;
            }
        }

        var bestWithin = _samples[_best] >= MinimumSamples && _perItem[_best] * Margin <= _perItem[cheapest];
        if (!bestWithin || largest > _best)
        {
            _best = largest;
        }
    }
}
