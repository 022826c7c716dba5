using System.Globalization;

namespace AIaaS.EndToEnd.Tests.Hardening;

/// <summary>Resident memory of a process, read from <c>/proc/{pid}/status</c> (Linux, where the suite runs).</summary>
internal static class ProcessMemory
{
    public static long ResidentBytes(int processId)
    {
        foreach (var line in File.ReadLines($"/proc/{processId}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                var kilobytes = line["VmRSS:".Length..].Trim().Split(' ')[0];
                return long.Parse(kilobytes, CultureInfo.InvariantCulture) * 1024;
            }
        }

        throw new InvalidOperationException($"/proc/{processId}/status has no VmRSS line");
    }
}
