using System.Text.Json;
using AIaaS.Testing;

namespace AIaaS.Http.Tests;

/// <summary>The runtime settings the silo executable ships with (its runtimeconfig.json), which the benchmarks rely on.</summary>
public sealed class SiloRuntimeConfigTests
{
    [Fact]
    public void SiloExecutable_KeepsTensorSizedArraysOffTheLargeObjectHeap()
    {
        var path = Path.ChangeExtension(SiloProcess.AssemblyPath, ".runtimeconfig.json");
        using var config = JsonDocument.Parse(File.ReadAllText(path));
        var properties = config.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties");

        Assert.Equal(1024 * 1024, properties.GetProperty("System.GC.LOHThreshold").GetInt32());
        Assert.True(properties.GetProperty("System.GC.Server").GetBoolean());
    }
}
