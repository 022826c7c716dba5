using System.Globalization;
using AIaaS.Tenants;

namespace AIaaS.Grains.Tenants;

/// <summary>How usage is keyed within a tenant: model, version and UTC hour.</summary>
internal static class UsageKey
{
    public static string Of(string model, string version, DateTime hour) =>
        string.Create(CultureInfo.InvariantCulture, $"{model}/{version}/{hour.Ticks}");

    public static string Of(UsageRecord record) => Of(record.Model, record.Version, record.Hour);

    /// <summary>The start of the UTC hour holding <paramref name="time"/>.</summary>
    public static DateTime HourOf(DateTimeOffset time)
    {
        var utc = time.UtcDateTime;
        return new DateTime(utc.Year, utc.Month, utc.Day, utc.Hour, 0, 0, DateTimeKind.Utc);
    }

    /// <summary>The sum of two records of one key.</summary>
    public static UsageRecord Add(UsageRecord a, UsageRecord b)
    {
        var failed = new Dictionary<string, long>(a.FailedByKind, StringComparer.Ordinal);
        foreach (var (kind, count) in b.FailedByKind)
        {
            failed[kind] = failed.GetValueOrDefault(kind) + count;
        }

        return a with
        {
            Requests = a.Requests + b.Requests,
            Failed = a.Failed + b.Failed,
            FailedByKind = failed,
            Items = a.Items + b.Items,
            ComputeSeconds = a.ComputeSeconds + b.ComputeSeconds,
            InputBytes = a.InputBytes + b.InputBytes,
            OutputBytes = a.OutputBytes + b.OutputBytes,
            Tokens = a.Tokens + b.Tokens,
        };
    }
}
