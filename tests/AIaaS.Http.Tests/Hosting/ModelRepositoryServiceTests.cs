using AIaaS.Http.Hosting;
using AIaaS.Repository;
using AIaaS.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace AIaaS.Http.Tests.Hosting;

/// <summary>The silo's model repository checks what the repository alone cannot: a processor's parameters.</summary>
public sealed class ModelRepositoryServiceTests
{
    [Fact]
    public async Task AddAIaaSSilo_ProcessorWithAnUnknownParameter_IndexReportsIt()
    {
        using var root = new TemporaryDirectory();
        Directory.CreateDirectory(root.Combine("decode", "1"));
        await File.WriteAllTextAsync(
            root.Combine("decode", "config.json"),
            """{"platform": "aiaas_processor", "processor": "image_decode", "parameters": {"max_pixel": {"string_value": "5"}}}""");
        var builder = WebApplication.CreateBuilder([$"--AIaaS:ModelRepository={root.Path}", "--Logging:LogLevel:Default=Warning"]);
        builder.AddAIaaSSilo();
        await using var app = builder.Build();

        var entry = Assert.Single(app.Services.GetRequiredService<ModelRepository>().Index());

        Assert.Equal(["config.json: parameters.max_pixel is not a parameter of this processor"], entry.Errors);
    }
}
