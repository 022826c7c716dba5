using AIaaS.Http.Hosting;
using Microsoft.AspNetCore.Builder;

namespace AIaaS.Bench;

/// <summary>An all-in-one silo in the bench's process, returned once it reports ready.</summary>
internal static class BenchSilo
{
    public static async Task<WebApplication> StartAsync(string repository, string data, int httpPort, int siloPort, int gatewayPort, IReadOnlyList<string> settings)
    {
        var builder = WebApplication.CreateBuilder(
        [
            "--urls", $"http://127.0.0.1:{httpPort}",
            $"--AIaaS:ModelRepository={repository}",
            $"--AIaaS:DataDirectory={data}",
            $"--AIaaS:SiloPort={siloPort}",
            $"--AIaaS:GatewayPort={gatewayPort}",
            "--Logging:LogLevel:Default=Warning",
            .. settings,
        ]);
        builder.AddAIaaSSilo();
        var app = builder.Build();
        app.MapAIaaS();
        await app.StartAsync();
        using var http = new HttpClient();
        for (var i = 0; i < 600; i++)
        {
            using var ready = await http.GetAsync(new Uri($"http://127.0.0.1:{httpPort}/v2/health/ready"));
            if (ready.IsSuccessStatusCode)
            {
                return app;
            }

            await Task.Delay(100);
        }

        throw new InvalidOperationException("the silo did not become ready in 60 s");
    }
}
