using System.Diagnostics;
using System.Net;

namespace AIaaS.EndToEnd.Tests.Tenants;

/// <summary>Polls a call until it answers a status, failing after a deadline with the last answer.</summary>
internal static class Eventually
{
    public static async Task StatusAsync(Func<Task<TenantHttp.Answer>> call, HttpStatusCode expected, TimeSpan within)
    {
        var clock = Stopwatch.StartNew();
        TenantHttp.Answer? last = null;
        while (clock.Elapsed < within)
        {
            last = await call();
            if (last.Status == expected)
            {
                return;
            }

            await Task.Delay(100);
        }

        Assert.Fail($"not {(int)expected} within {within.TotalSeconds} s; last {(int?)last?.Status}: {last?.Text}");
    }

    /// <summary>Polls a call until its value satisfies <paramref name="done"/>, failing after a deadline with the last value.</summary>
    public static async Task<T> ValueAsync<T>(Func<Task<T>> call, Func<T, bool> done, TimeSpan within)
    {
        var clock = Stopwatch.StartNew();
        var last = await call();
        while (!done(last))
        {
            Assert.True(clock.Elapsed < within, $"not done within {within.TotalSeconds} s; last: {System.Text.Json.JsonSerializer.Serialize(last)}");
            await Task.Delay(200);
            last = await call();
        }

        return last;
    }
}
