namespace AIaaS.Inference.Tests.Repository;

/// <summary>Records progress reports synchronously and in order (Progress&lt;T&gt; would post them later).</summary>
internal sealed class RecordingProgress<T> : IProgress<T>
{
    private readonly List<T> reports = [];

    public IReadOnlyList<T> Reports
    {
        get
        {
            lock (reports)
            {
                return [.. reports];
            }
        }
    }

    public void Report(T value)
    {
        lock (reports)
        {
            reports.Add(value);
        }
    }
}
