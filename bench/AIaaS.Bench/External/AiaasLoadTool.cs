using System.Globalization;
using AIaaS.Cli.Bench;
using AIaaS.Testing;

namespace AIaaS.Bench.External;

/// <summary>
/// <c>aiaas bench {model} --protocol http-binary</c> at one concurrency (a 1 s warm-up, then the
/// window), read from its CSV. Its CPU time includes the CLI's start and warm-up, so its cores
/// are an upper bound.
/// </summary>
internal sealed class AiaasLoadTool(string workDirectory) : LoadTool
{
    public override async Task<LoadRun> RunAsync(Uri baseAddress, string model, int concurrency, TimeSpan window, CancellationToken cancellationToken)
    {
        var csv = Path.Combine(workDirectory, "aiaas-bench.csv");
        var (_, cpu, wall) = await RunProcessAsync(
            [
                BuildOutput.DotnetHost,
                BuildOutput.Assembly("clients/AIaaS.Cli", "aiaas.dll"),
                "bench", model,
                "--concurrency", concurrency.ToString(CultureInfo.InvariantCulture),
                "--duration", string.Create(CultureInfo.InvariantCulture, $"{window.TotalSeconds:F0}s"),
                "--warmup", "1s",
                "--protocol", BenchProtocols.HttpBinary,
                "--url", baseAddress.ToString(),
                "--shape", "x:3,48,192",
                "--csv", csv,
            ],
            cancellationToken).ConfigureAwait(false);
        var lines = await File.ReadAllLinesAsync(csv, cancellationToken).ConfigureAwait(false);
        var header = lines[0].Split(',');
        var row = lines[1].Split(',');
        double Column(string name) => double.Parse(row[Array.IndexOf(header, name)], CultureInfo.InvariantCulture);
        return new LoadRun(Column("inferences_per_second"), (long)Column("errors"), cpu.TotalSeconds / wall.TotalSeconds, wall);
    }
}
