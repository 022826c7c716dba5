using System.Globalization;
using System.Text.Json;
using AIaaS.Testing;

namespace AIaaS.EndToEnd.Tests;

/// <summary><c>aiaas status</c> run as a process against the shared embedded silo (role all, cpu).</summary>
[Collection(EmbeddedSiloCollection.Name)]
public sealed class StatusCommandTests(EmbeddedSiloFixture fixture)
{
    private string Url => fixture.Silo.BaseAddress.AbsoluteUri.TrimEnd('/');

    /// <summary><c>127.0.0.1:{silo port}@</c>: the silo's address without its generation, which the test cannot know.</summary>
    private string AddressPrefix => string.Create(CultureInfo.InvariantCulture, $"127.0.0.1:{fixture.Silo.SiloPort}@");

    [Fact(Timeout = 120_000)]
    public async Task Status_EmbeddedSilo_PrintsTheSiloAndItsPpocrClsReplica()
    {
        var address = await AddressAfterPpocrClsInferenceAsync();

        var result = await CliProcess.RunAsync("status", "--url", Url);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains($"cluster at {Url}: 1 silo (1 active)", result.Stdout, StringComparison.Ordinal);
        var siloRow = Row(result, address, " all ");
        Assert.Contains(" cpu ", siloRow, StringComparison.Ordinal);
        Assert.Contains(" active ", siloRow, StringComparison.Ordinal);
        var replicaRow = Row(result, "ppocr-cls", address);
        Assert.Equal(["ppocr-cls", "1", "0", address], Cells(replicaRow));
    }

    [Fact(Timeout = 120_000)]
    public async Task Status_Json_PrintsTheDocumentWithTheSiloAndItsReplica()
    {
        var address = await AddressAfterPpocrClsInferenceAsync();

        var result = await CliProcess.RunAsync("status", "--url", Url, "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        using var document = JsonDocument.Parse(result.Stdout);
        var silo = Assert.Single(document.RootElement.GetProperty("silos").EnumerateArray());
        Assert.Equal(address, silo.GetProperty("address").GetString());
        Assert.Equal("all", silo.GetProperty("role").GetString());
        Assert.Equal("cpu", silo.GetProperty("accelerator").GetString());
        Assert.Equal("active", silo.GetProperty("status").GetString());
        Assert.Contains(silo.GetProperty("replicas").EnumerateArray(), r =>
            r.GetProperty("model").GetString() == "ppocr-cls" && r.GetProperty("version").GetInt32() == 1 && r.GetProperty("index").GetInt32() == 0);
    }

    [Fact(Timeout = 120_000)]
    public async Task Status_UnreachableUrl_FailsNamingTheUrl()
    {
        // Free a moment ago and nothing listens there: the connection is refused.
        var url = string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{FreePort.Next()}");

        var result = await CliProcess.RunAsync("status", "--url", url);

        Assert.True(result.ExitCode != 0, result.ToString());
        Assert.Contains($"cannot reach {url}/admin/cluster", result.Stderr, StringComparison.Ordinal);
        Assert.Equal("", result.Stdout);
    }

    /// <summary>
    /// Infers once on ppocr-cls and waits until <c>/admin/cluster</c> lists its replica (placements
    /// are recorded at once, reports follow each change); returns the silo's full address.
    /// </summary>
    private async Task<string> AddressAfterPpocrClsInferenceAsync()
    {
        using var http = new OipHttp(fixture.Silo);
        await http.InferFloatsAsync("ppocr-cls", TestTensors.PpocrClsInput());
        JsonElement silo = default;
        for (var attempt = 0; attempt < 50; attempt++)
        {
            silo = Assert.Single((await http.GetOkAsync("admin/cluster")).GetProperty("silos").EnumerateArray());
            if (silo.GetProperty("replicas").EnumerateArray().Any(r => r.GetProperty("model").GetString() == "ppocr-cls"))
            {
                break;
            }

            await Task.Delay(100);
        }

        var address = silo.GetProperty("address").GetString()!;
        Assert.StartsWith(AddressPrefix, address, StringComparison.Ordinal);
        return address;
    }

    /// <summary>The one table row of stdout that contains every fragment.</summary>
    private static string Row(CliResult result, params string[] fragments)
    {
        var rows = result.Stdout.Split('\n').Where(l => fragments.All(f => l.Contains(f, StringComparison.Ordinal))).ToList();
        Assert.True(rows.Count == 1, $"expected one row with {string.Join(", ", fragments)}\n{result}");
        return rows[0];
    }

    /// <summary>A table row's cells, trimmed (Spectre draws <c>│</c>, or <c>|</c> without Unicode, between them).</summary>
    private static string[] Cells(string row) =>
        row.Split(['│', '|'], StringSplitOptions.RemoveEmptyEntries).Select(c => c.Trim()).Where(c => c.Length > 0).ToArray();
}
