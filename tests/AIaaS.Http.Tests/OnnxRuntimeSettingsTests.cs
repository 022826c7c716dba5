using AIaaS.Http.Hosting;
using AIaaS.Inference.Execution;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AIaaS.Http.Tests;

/// <summary><c>AIaaS:Onnx</c>: how the silo's replicas create their ONNX Runtime sessions.</summary>
public sealed class OnnxRuntimeSettingsTests
{
    [Fact]
    public async Task AddAIaaSSilo_NoOnnxSettings_SessionsDoNotSpinAndUseDefaultThreads()
    {
        await using var app = Build();

        var options = app.Services.GetRequiredService<OnnxModelOptions>();

        Assert.False(options.AllowSpinning);
        Assert.Equal(0, options.IntraOpNumThreads);
    }

    [Fact]
    public async Task AddAIaaSSilo_OnnxSettings_ReachTheSessionOptions()
    {
        await using var app = Build("--AIaaS:Onnx:AllowSpinning=true", "--AIaaS:Onnx:IntraOpThreads=3");

        var options = app.Services.GetRequiredService<OnnxModelOptions>();

        Assert.True(options.AllowSpinning);
        Assert.Equal(3, options.IntraOpNumThreads);
    }

    [Fact]
    public void AddAIaaSSilo_NegativeIntraOpThreads_FailsNamingTheKey()
    {
        var ex = Assert.Throws<OptionsValidationException>(() => Build("--AIaaS:Onnx:IntraOpThreads=-1"));

        Assert.Contains("AIaaS:Onnx:IntraOpThreads is -1; expected 0 (one per core) or more", ex.Failures);
    }

    private static WebApplication Build(params string[] settings)
    {
        var builder = WebApplication.CreateBuilder([$"--AIaaS:ModelRepository={AppContext.BaseDirectory}", "--Logging:LogLevel:Default=Warning", .. settings]);
        builder.AddAIaaSSilo();
        return builder.Build();
    }
}
