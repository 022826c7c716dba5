namespace AIaaS.Bench;

/// <summary>Figures of every round by name, in the order first added; medians across rounds.</summary>
internal sealed class RoundResults
{
    private readonly Dictionary<string, List<double>> _values = [];
    private readonly List<string> _names = [];

    public void Add(string name, double value)
    {
        if (!_values.TryGetValue(name, out var list))
        {
            _values[name] = list = [];
            _names.Add(name);
        }

        list.Add(value);
    }

    /// <summary>The value added last under <paramref name="name"/>: this round's.</summary>
    public double Latest(string name) => _values[name][^1];

    public bool Has(string name) => _values.ContainsKey(name);

    public IEnumerable<string> NamesStartingWith(string prefix) => _names.Where(n => n.StartsWith(prefix, StringComparison.Ordinal));

    public double Median(string name) => MedianOf(_values[name]);

    public static double MedianOf(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
