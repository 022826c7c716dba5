using System.Globalization;

namespace AIaaS.Bench.External;

/// <summary>The CPU time a process has used so far, read from Linux's <c>/proc</c>.</summary>
internal static class ProcessCpuTime
{
    /// <summary>User + system time from <c>/proc/{pid}/stat</c> (fields 14 and 15, in USER_HZ = 100 ticks a second on Linux).</summary>
    public static TimeSpan Of(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        // The command name (field 2) may hold spaces; the fields after its ')' start at field 3.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds(ticks / 100.0);
    }
}
