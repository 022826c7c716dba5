using System.Globalization;

namespace AIaaS.Cli.Bench;

/// <summary>
/// The CSV of <c>aiaas bench --csv</c>: one line per concurrency level, invariant culture, times
/// in microseconds. A figure the run could not give (no successful request, no server
/// statistics) is an empty field.
/// </summary>
internal static class BenchCsv
{
    public const string Header = "concurrency,inferences_per_second,p50_us,p90_us,p99_us,avg_us,errors,server_queue_us,server_compute_us,server_avg_batch";

    public static void Write(TextWriter writer, IEnumerable<BenchRow> rows)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(rows);
        writer.WriteLine(Header);
        foreach (var row in rows)
        {
            writer.WriteLine(Line(row));
        }
    }

    public static string Line(BenchRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return string.Join(',',
            row.Concurrency.ToString(CultureInfo.InvariantCulture),
            Number(row.InferencesPerSecond, "0.0"),
            Number(row.Latency.P50, "0.0"),
            Number(row.Latency.P90, "0.0"),
            Number(row.Latency.P99, "0.0"),
            Number(row.Latency.Average, "0.0"),
            row.Errors.ToString(CultureInfo.InvariantCulture),
            Number(row.Server?.QueueMicroseconds, "0.0"),
            Number(row.Server?.ComputeMicroseconds, "0.0"),
            Number(row.Server?.AverageBatchSize, "0.00"));
    }

    private static string Number(double? value, string format) =>
        value is { } v && double.IsFinite(v) ? v.ToString(format, CultureInfo.InvariantCulture) : "";
}
