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
}
