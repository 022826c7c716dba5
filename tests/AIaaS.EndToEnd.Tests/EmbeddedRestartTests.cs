using System.Net;
using AIaaS.Tensors;
using AIaaS.Testing;

namespace AIaaS.EndToEnd.Tests;

/// <summary>Embedded mode keeps what was acknowledged across a restart of the silo process (file grain storage).</summary>
public sealed class EmbeddedRestartTests
{
    [Fact(Timeout = 150_000)]
    public async Task Restart_AfterUnloadOverHttp_ModelStaysUnloadedAndOthersServe()
    {
        using var data = new TemporaryDirectory("aiaas-e2e-restart");
        var options = new SiloProcessOptions { DataDirectory = data.Path };

        await using (var first = await SiloProcess.StartAsync(options))
        {
            using var http = new OipHttp(first);
            await http.PostOkAsync("v2/repository/models/ppocr-det/unload");
            Assert.Equal("UNAVAILABLE", (await http.IndexAsync())["ppocr-det"].State);

            // Graceful stop (SIGTERM): the host shuts the silo down and exits cleanly.
            var exitCode = await first.StopAsync();
            Assert.True(exitCode == 0, $"exit code {exitCode} after SIGTERM\n{first.Describe()}");
        }

        await using var second = await SiloProcess.StartAsync(options);
        using var again = new OipHttp(second);

        var index = await again.IndexAsync();
        Assert.Equal(("UNAVAILABLE", "unloaded on request"), index["ppocr-det"]);
        Assert.Equal("READY", index["ppocr-cls"].State);

        var (detStatus, detBody) = await again.InferAsync("ppocr-det", TestTensors.PpocrDetInput());
        Assert.True(detStatus == HttpStatusCode.ServiceUnavailable, $"infer ppocr-det: {(int)detStatus} {detBody}\n{second.Describe()}");
        Assert.Contains("ppocr-det", detBody.GetProperty("error").GetString(), StringComparison.Ordinal);

        var input = TestTensors.PpocrClsInput();
        var expected = ReferenceOutputs.Run("ppocr-cls", input).Single();
        var outputs = await again.InferFloatsAsync("ppocr-cls", input);
        ReferenceOutputs.AssertClose(expected.ToArray<float>(), outputs[expected.Name], what: "ppocr-cls after restart");
    }
}
