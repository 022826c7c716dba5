namespace AIaaS.Cli.Bench;

/// <summary>
/// One worker's latencies, in timestamp ticks, in the order recorded. Storage is preallocated in
/// chunks and grows by whole chunks, never copying: recording is a store and an increment, and
/// one allocation per <see cref="ChunkLength"/> calls. The measurement window bounds the count.
/// Not thread-safe: one worker writes it, and it is read once the worker is done.
/// </summary>
internal sealed class LatencyLog
{
    /// <summary>32 KB of longs: a fraction of a second of calls at most rates a closed loop reaches.</summary>
    internal const int ChunkLength = 4096;

    private readonly List<long[]> _chunks = [new long[ChunkLength]];
    private long[] _current;
    private int _used;

    public LatencyLog()
    {
        _current = _chunks[0];
    }

    public int Count { get; private set; }

    public void Add(long ticks)
    {
        if (_used == ChunkLength)
        {
            _current = new long[ChunkLength];
            _chunks.Add(_current);
            _used = 0;
        }

        _current[_used++] = ticks;
        Count++;
    }

    /// <summary>Copies every latency into <paramref name="destination"/>, which holds at least <see cref="Count"/>.</summary>
    public void CopyTo(Span<long> destination)
    {
        var remaining = Count;
        var offset = 0;
        foreach (var chunk in _chunks)
        {
            var n = Math.Min(remaining, ChunkLength);
            chunk.AsSpan(0, n).CopyTo(destination[offset..]);
            offset += n;
            remaining -= n;
        }
    }
}
