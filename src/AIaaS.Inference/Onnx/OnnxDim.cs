namespace AIaaS.Inference.Onnx;

/// <summary>
/// One dimension of a declared input or output: a fixed size, a named symbolic size
/// (<c>"N"</c>, written as <c>dim_param</c>) or, for -1, a size the graph leaves unnamed.
/// Converts implicitly, so shapes read as <c>("N", 4)</c>.
/// </summary>
public readonly record struct OnnxDim
{
    private OnnxDim(long value, string? symbol)
    {
        Value = value;
        Symbol = symbol;
    }

    /// <summary>The fixed size, or -1 when the dimension is symbolic or unknown.</summary>
    public long Value { get; }

    /// <summary>The symbolic name, or null.</summary>
    public string? Symbol { get; }

    public static implicit operator OnnxDim(long value) => FromValue(value);

    public static implicit operator OnnxDim(string symbol) => FromSymbol(symbol);

    public static OnnxDim FromValue(long value)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(value, -1);
        return new(value, null);
    }

    public static OnnxDim FromSymbol(string symbol)
    {
        ArgumentException.ThrowIfNullOrEmpty(symbol);
        return new(-1, symbol);
    }
}
