using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using AIaaS.Testing;

namespace AIaaS.EndToEnd.Tests.Health;

/// <summary>
/// Health signals of the silo executable that an orchestrator acts on: strict readiness, and a
/// graceful stop that stays bounded when Redis is gone.
/// </summary>
public sealed class SiloHealthTests
{
    [Fact(Timeout = 120_000)]
    public async Task Ready_StrictWithACorruptModel_Answers503NamingTheModel()
    {
        using var directory = new TemporaryDirectory("aiaas-strict");
        var repository = directory.Combine("models");
        CopyModel("ppocr-cls", repository, corrupt: false);
        CopyModel("broken", repository, corrupt: true);

        await using var silo = await SiloProcess.StartAsync(new SiloProcessOptions
        {
            DataDirectory = directory.Combine("data"),
            ModelRepository = repository,
            ExtraArguments = ["--AIaaS:StrictReadiness=true"],
            WaitForReady = false,
        });

        // Registration first ("still registering"), then the load of 'broken' fails: poll until the answer names it.
        using var http = new HttpClient { BaseAddress = silo.BaseAddress };
        var clock = Stopwatch.StartNew();
        string? reason = null;
        while (clock.Elapsed < TimeSpan.FromSeconds(90) && reason?.StartsWith("model 'broken'", StringComparison.Ordinal) != true)
        {
            await Task.Delay(250);
            using var response = await http.GetAsync("v2/health/ready");
            Assert.True(response.StatusCode == System.Net.HttpStatusCode.ServiceUnavailable, $"ready answered {(int)response.StatusCode}\n{silo.Output.Tail()}");
            reason = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!.GetValue<string>();
        }

        Assert.StartsWith("model 'broken' is not ready: version 1 is failed", reason);
        Assert.EndsWith("(strict readiness)", reason);
    }

    [Fact(Timeout = 120_000)]
    public async Task Ready_StrictWithLoadableModels_Answers200()
    {
        using var directory = new TemporaryDirectory("aiaas-strict");
        var repository = directory.Combine("models");
        CopyModel("ppocr-cls", repository, corrupt: false);

        await using var silo = await SiloProcess.StartAsync(new SiloProcessOptions
        {
            DataDirectory = directory.Combine("data"),
            ModelRepository = repository,
            ExtraArguments = ["--AIaaS:StrictReadiness=true"],
        });

        using var http = new HttpClient { BaseAddress = silo.BaseAddress };
        // Strict readiness said 200 only once the model had loaded: it serves at once.
        using var ready = await http.GetAsync("v2/models/ppocr-cls/ready");
        Assert.Equal(System.Net.HttpStatusCode.OK, ready.StatusCode);
    }

    [Fact(Timeout = 120_000)]
    public async Task Stop_RedisUnreachable_ExitsWithinTheShutdownTimeoutSayingWhy()
    {
        await using var redis = new RedisServerFixture();
        await redis.StartAsync();
        using var directory = new TemporaryDirectory("aiaas-stop");
        Directory.CreateDirectory(directory.Combine("models"));
        await using var silo = await SiloProcess.StartAsync(new SiloProcessOptions
        {
            DataDirectory = directory.Combine("data"),
            ModelRepository = directory.Combine("models"),
            Redis = redis.ConnectionString,
            ExtraArguments = ["--AIaaS:ShutdownTimeout=00:00:05"],
        });

        await redis.StopAsync();
        var clock = Stopwatch.StartNew();
        var code = await silo.StopAsync();
        clock.Stop();

        // 5 s, plus the process's own exit and this machine's load; Orleans alone takes 120 s here.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"stopping took {clock.Elapsed.TotalSeconds:F1} s\n{silo.Output.Tail()}");
        if (code != 0)
        {
            Assert.Equal(3, code);
            Assert.Contains($"The silo did not stop within AIaaS:ShutdownTimeout (5 s): Redis at {redis.ConnectionString} is unreachable", silo.Output.ToString());
        }
    }

    private static void CopyModel(string name, string repository, bool corrupt)
    {
        var source = RepositoryPaths.RealModel("ppocr-cls");
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(source, "config.json")))!.AsObject();
        config["name"] = name;
        var version = Directory.CreateDirectory(Path.Combine(repository, name, "1")).FullName;
        if (corrupt)
        {
            File.WriteAllBytes(Path.Combine(version, "model.onnx"), Encoding.ASCII.GetBytes("this is not an ONNX model"));
        }
        else
        {
            File.Copy(Path.Combine(source, "1", "model.onnx"), Path.Combine(version, "model.onnx"));
        }

        File.WriteAllText(Path.Combine(repository, name, "config.json"), config.ToJsonString());
    }
}
