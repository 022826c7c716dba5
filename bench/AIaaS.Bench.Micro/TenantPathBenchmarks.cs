using AIaaS.Grains.Tenants;
using AIaaS.Http.Hosting;
using AIaaS.Http.Security;
using AIaaS.Tenants;
using AIaaS.Testing;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace AIaaS.Bench.Micro;

/// <summary>
/// What a tenant's key costs a request at the front (issue 11: at most 20 µs at c=1), on a real
/// silo in this process: the key resolved to its tenant's policy (SHA-256 of the key, two cache
/// lookups; no grain call while the entries are fresh), the entitlement check, admission under
/// quotas that never refuse (token bucket, concurrency slot, compute budget) and the usage record.
/// The HTTP benches cannot resolve microseconds: two silos measured in turn differ by more.
/// </summary>
[MemoryDiagnoser]
public class TenantPathBenchmarks
{
    private const string Model = "ppocr-cls";

    private TemporaryDirectory? _repository;
    private TemporaryDirectory? _data;
    private WebApplication? _silo;
    private TenantDirectoryCache _directory = null!;
    private TenantAdmission _admission = null!;
    private UsageMeter _usage = null!;
    private TenantPolicy _policy = null!;
    private string _key = "";

    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    [GlobalCleanup]
    public void Cleanup()
    {
        _silo?.StopAsync().GetAwaiter().GetResult();
        (_silo as IDisposable)?.Dispose();
        _data?.Dispose();
        _repository?.Dispose();
    }

    [Benchmark]
    public async ValueTask<bool> Authenticate() => await _directory.AuthenticateAsync(_key) is not null;

    [Benchmark]
    public async ValueTask<bool> Admit()
    {
        using var admitted = await _admission.AdmitAsync(_policy, Model);
        return admitted.Rejection is null;
    }

    [Benchmark]
    public void Meter() => _usage.RecordRequest(_policy.Tenant, Model, "1", null, 1, 110_646, 16);

    /// <summary>All of it, in the order the front and the replica run it for one request.</summary>
    [Benchmark]
    public async ValueTask<bool> WholePath()
    {
        var policy = await _directory.AuthenticateAsync(_key) ?? throw new InvalidOperationException("the key no longer resolves");
        TenantContext.RequireEntitled(policy, Model);
        using var admitted = await _admission.AdmitAsync(policy, Model);
        _usage.RecordRequest(policy.Tenant, Model, "1", null, 1, 110_646, 16);
        return admitted.Rejection is null;
    }

    private async Task SetupAsync()
    {
        _repository = new TemporaryDirectory("aiaas-micro-tenants-repo");
        _data = new TemporaryDirectory("aiaas-micro-tenants-data");
        var arguments = SiloArguments.Create(SiloArguments.TakePorts(), _repository.Path, _data.Path, "aiaas-micro");
        arguments.Add("--AIaaS:Auth:Required=true");
        arguments.Add("--Logging:LogLevel:Default=Warning");
        var builder = WebApplication.CreateBuilder([.. arguments]);
        builder.AddAIaaSSilo();
        _silo = builder.Build();
        _silo.MapAIaaS();
        await _silo.StartAsync();

        var tenant = _silo.Services.GetRequiredService<IGrainFactory>().GetGrain<ITenantGrain>("bench");
        await tenant.Create(new TenantDefinition
        {
            Name = "bench",
            Models = ["*"],
            // Checked on every request, never refusing: the cost of the checks, not of a refusal.
            Quotas = new TenantQuotas { RequestsPerSecond = 1e9, Burst = 1_000_000_000, MaxConcurrency = 10_000, ComputeSecondsPerDay = 1e12 },
        });
        _key = (await tenant.CreateKey()).Key;
        _directory = _silo.Services.GetRequiredService<TenantDirectoryCache>();
        _admission = _silo.Services.GetRequiredService<TenantAdmission>();
        _usage = _silo.Services.GetRequiredService<UsageMeter>();
        _policy = await _directory.AuthenticateAsync(_key) ?? throw new InvalidOperationException("the new key does not resolve");
        // The first request of a tenant on a silo waits for its first lease; later ones do not.
        using var first = await _admission.AdmitAsync(_policy, Model);
    }
}
