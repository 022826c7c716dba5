using System.Diagnostics;
using System.Net;
using System.Text.Json;
using AIaaS.Errors;
using AIaaS.Tenants;
using AIaaS.Tensors;
using AIaaS.Testing;

namespace AIaaS.EndToEnd.Tests.Tenants;

/// <summary>
/// One real embedded silo process with API keys required and a configured bootstrap admin key:
/// 401, 403 and 429 answers, the admin API, key revocation, entitlements in listings, SDK callers
/// held to the same rules, usage exact after a graceful stop and a restart, and after a kill -9
/// short by at most what the last flush interval counted.
/// </summary>
public sealed class TenantAuthTests(Xunit.Abstractions.ITestOutputHelper output) : IAsyncLifetime
{
    private const string AdminKey = "aiaas_test-admin-key-0123456789abcdefghijklmnopq";
    private readonly TemporaryDirectory _data = new("aiaas-e2e-tenants");
    private SiloProcess? _silo;

    private SiloProcess Silo => _silo!;

    public async Task InitializeAsync() => _silo = await StartSiloAsync();

    public async Task DisposeAsync()
    {
        if (_silo is not null)
        {
            await _silo.DisposeAsync();
        }

        _data.Dispose();
    }

    [Fact(Timeout = 120_000)]
    public async Task Infer_WithoutKeyOrWithUnknownKey_Is401WithWwwAuthenticate()
    {
        using var anonymous = new TenantHttp(Silo, null);
        var missing = await anonymous.InferAsync("ppocr-det", TestTensors.PpocrDetInput());
        Assert.Equal(HttpStatusCode.Unauthorized, missing.Status);
        Assert.StartsWith("Bearer realm=\"aiaas\"", missing.WwwAuthenticate);
        Assert.Contains("API key is required", missing.Error);

        using var unknown = new TenantHttp(Silo, "aiaas_not-a-key-at-all");
        var wrong = await unknown.InferAsync("ppocr-det", TestTensors.PpocrDetInput());
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.Status);
        Assert.Contains("error=\"invalid_token\"", wrong.WwwAuthenticate);
        Assert.Equal("the API key is unknown or revoked", wrong.Error);
        Assert.DoesNotContain("not-a-key", wrong.Text);

        // Health stays open: orchestrators probe it without a key.
        Assert.Equal(HttpStatusCode.OK, (await anonymous.SendAsync(HttpMethod.Get, "v2/health/ready")).Status);
    }

    [Fact(Timeout = 120_000)]
    public async Task Tenant_NotEntitledOrNotAdmin_Is403AndSeesOnlyItsModels()
    {
        using var admin = new TenantHttp(Silo, AdminKey);
        var key = await admin.CreateTenantWithKeyAsync(new { id = "acme", name = "Acme", models = new[] { "ppocr-*" } }, "acme");
        using var acme = new TenantHttp(Silo, key, apiKeyHeader: true);

        (await acme.InferAsync("ppocr-det", TestTensors.PpocrDetInput())).Require(HttpStatusCode.OK);
        var denied = await acme.SendAsync(HttpMethod.Get, "v2/models/silero-vad");
        Assert.Equal(HttpStatusCode.Forbidden, denied.Status);
        Assert.Equal("tenant 'acme' is not entitled to model 'silero-vad'", denied.Error);

        var index = (await acme.SendAsync(HttpMethod.Post, "v2/repository/index")).Require(HttpStatusCode.OK).Json;
        Assert.Equal(["ppocr-cls", "ppocr-det", "ppocr-rec"], index.EnumerateArray().Select(e => e.GetProperty("name").GetString()!).Distinct().Order().ToArray());
        var stats = (await acme.SendAsync(HttpMethod.Get, "v2/models/stats")).Require(HttpStatusCode.OK).Json;
        Assert.All(stats.GetProperty("model_stats").EnumerateArray(), s => Assert.StartsWith("ppocr-", s.GetProperty("name").GetString()));

        foreach (var (method, path) in new[]
        {
            (HttpMethod.Post, "v2/repository/models/ppocr-det/unload"),
            (HttpMethod.Get, "admin/cluster"),
            (HttpMethod.Get, "admin/tenants"),
            (HttpMethod.Post, "admin/tenants/acme/keys"),
            (HttpMethod.Get, "admin/usage?tenant=other"),
        })
        {
            var answer = await acme.SendAsync(method, path);
            Assert.True(answer.Status == HttpStatusCode.Forbidden, $"{method} {path}: {(int)answer.Status} {answer.Text}");
            Assert.Contains("tenant 'acme'", answer.Error);
        }

        // The admin lists keys by id and prefix only: the key itself was shown once.
        var keys = (await admin.SendAsync(HttpMethod.Get, "admin/tenants/acme/keys")).Require(HttpStatusCode.OK);
        Assert.DoesNotContain(key, keys.Text);
        Assert.Equal(key[..10], keys.Json.GetProperty("keys")[0].GetProperty("prefix").GetString());
    }

    [Fact(Timeout = 120_000)]
    public async Task RevokedKey_StopsWorkingWithinFiveSeconds()
    {
        using var admin = new TenantHttp(Silo, AdminKey);
        var key = await admin.CreateTenantWithKeyAsync(new { id = "revoked", models = new[] { "*" } }, "revoked");
        using var tenant = new TenantHttp(Silo, key);
        (await tenant.InferAsync("ppocr-det", TestTensors.PpocrDetInput())).Require(HttpStatusCode.OK);
        var keyId = (await admin.SendAsync(HttpMethod.Get, "admin/tenants/revoked/keys")).Json.GetProperty("keys")[0].GetProperty("id").GetString();

        (await admin.SendAsync(HttpMethod.Delete, $"admin/tenants/revoked/keys/{keyId}")).Require(HttpStatusCode.NoContent);
        var revokedAt = Stopwatch.StartNew();
        await Eventually.StatusAsync(() => tenant.SendAsync(HttpMethod.Get, "v2/models/ppocr-det"), HttpStatusCode.Unauthorized, TimeSpan.FromSeconds(5));
        Assert.True(revokedAt.Elapsed < TimeSpan.FromSeconds(5), $"revocation took {revokedAt.Elapsed}");
    }

    [Fact(Timeout = 120_000)]
    public async Task Tenant_OverItsRate_Gets429NamingTheQuotaWithRetryAfter()
    {
        using var admin = new TenantHttp(Silo, AdminKey);
        var key = await admin.CreateTenantWithKeyAsync(
            new { id = "limited", models = new[] { "ppocr-*" }, quotas = new { requests_per_second = 2, burst = 3 } }, "limited");
        using var tenant = new TenantHttp(Silo, key);

        var answers = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => tenant.InferAsync("ppocr-det", TestTensors.PpocrDetInput())));
        var ok = answers.Count(a => a.Status == HttpStatusCode.OK);
        var limited = answers.Where(a => a.Status == HttpStatusCode.TooManyRequests).ToList();
        Assert.Equal(12, ok + limited.Count);
        Assert.InRange(ok, 3, 6);
        Assert.All(limited, a =>
        {
            Assert.StartsWith("tenant 'limited' is over its requests_per_second quota (2/s, burst 3)", a.Error);
            Assert.True(a.RetryAfter >= TimeSpan.FromSeconds(1), $"Retry-After {a.RetryAfter}");
        });

        // Another tenant is untouched by this one's quota.
        (await admin.InferAsync("ppocr-det", TestTensors.PpocrDetInput())).Require(HttpStatusCode.OK);
    }

    [Fact(Timeout = 120_000)]
    public async Task Keys_NeverAppearInTheLogTheMetricsOrGrainState()
    {
        const string Unknown = "aiaas_an-unknown-key-that-must-not-be-logged-0123";
        using var admin = new TenantHttp(Silo, AdminKey);
        var key = await admin.CreateTenantWithKeyAsync(new { id = "secretive", models = new[] { "ppocr-*" } }, "secretive");
        using (var tenant = new TenantHttp(Silo, key))
        {
            (await tenant.InferAsync("ppocr-det", TestTensors.PpocrDetInput())).Require(HttpStatusCode.OK);
            Assert.Equal(HttpStatusCode.Forbidden, (await tenant.SendAsync(HttpMethod.Get, "admin/cluster")).Status);
        }

        using (var unknown = new TenantHttp(Silo, Unknown))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await unknown.InferAsync("ppocr-det", TestTensors.PpocrDetInput())).Status);
        }

        var keyId = (await admin.SendAsync(HttpMethod.Get, "admin/tenants/secretive/keys")).Require(HttpStatusCode.OK).Json.GetProperty("keys")[0].GetProperty("id").GetString();
        (await admin.SendAsync(HttpMethod.Delete, $"admin/tenants/secretive/keys/{keyId}")).Require(HttpStatusCode.NoContent);
        var metrics = (await admin.SendAsync(HttpMethod.Get, "metrics")).Text;
        // Usage and tenant state reach the data directory on the flush, a graceful stop at the latest.
        await Silo.StopAsync();

        var log = Silo.Output.ToString();
        var state = string.Join('\n', Directory.EnumerateFiles(_data.Path, "*", SearchOption.AllDirectories).Select(File.ReadAllText));
        Assert.Contains("secretive", state, StringComparison.Ordinal);
        foreach (var secret in new[] { key, AdminKey, Unknown })
        {
            // Not even a distinctive slice of it: a prefix of a key is a prefix of the secret.
            var slice = secret[8..28];
            Assert.DoesNotContain(slice, log, StringComparison.Ordinal);
            Assert.DoesNotContain(slice, metrics, StringComparison.Ordinal);
            Assert.DoesNotContain(slice, state, StringComparison.Ordinal);
        }
    }

    [Fact(Timeout = 120_000)]
    public async Task Tenant_OverItsConcurrency_Gets429NamingTheQuota()
    {
        using var admin = new TenantHttp(Silo, AdminKey);
        var key = await admin.CreateTenantWithKeyAsync(new { id = "narrow", models = new[] { "ppocr-*" }, quotas = new { max_concurrency = 1 } }, "narrow");
        using var tenant = new TenantHttp(Silo, key);

        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => tenant.InferAsync("ppocr-det", TestTensors.PpocrDetInput())));

        var limited = answers.Where(a => a.Status == HttpStatusCode.TooManyRequests).ToList();
        Assert.Equal(8, answers.Count(a => a.Status == HttpStatusCode.OK) + limited.Count);
        Assert.NotEmpty(limited);
        Assert.Contains(answers, a => a.Status == HttpStatusCode.OK);
        Assert.All(limited, a =>
        {
            Assert.Equal("tenant 'narrow' is over its max_concurrency quota (1 requests in flight)", a.Error);
            Assert.Equal(TimeSpan.FromSeconds(1), a.RetryAfter);
        });
    }

    [Fact(Timeout = 120_000)]
    public async Task Tenant_ThatUsedItsDailyCompute_Gets429UntilMidnight()
    {
        using var admin = new TenantHttp(Silo, AdminKey);
        var key = await admin.CreateTenantWithKeyAsync(new { id = "frugal", models = new[] { "ppocr-*" }, quotas = new { compute_seconds_per_day = 0.001 } }, "frugal");
        using var tenant = new TenantHttp(Silo, key);

        // One detection takes tens of milliseconds of compute: the budget is spent once usage is
        // flushed to the tenant and the front's share renewed.
        (await tenant.InferAsync("ppocr-det", TestTensors.PpocrDetInput())).Require(HttpStatusCode.OK);
        await Eventually.StatusAsync(() => tenant.InferAsync("ppocr-det", TestTensors.PpocrDetInput()), HttpStatusCode.TooManyRequests, TimeSpan.FromSeconds(30));

        var refused = await tenant.InferAsync("ppocr-det", TestTensors.PpocrDetInput());
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.Status);
        Assert.Equal("tenant 'frugal' has used its compute_seconds_per_day quota (0.001 s); it renews at 00:00 UTC", refused.Error);
        var untilMidnight = DateTime.UtcNow.Date.AddDays(1) - DateTime.UtcNow;
        Assert.InRange(refused.RetryAfter!.Value, untilMidnight - TimeSpan.FromMinutes(1), untilMidnight + TimeSpan.FromMinutes(1));
    }

    [Fact(Timeout = 120_000)]
    public async Task ConsolesRolloutsAndScaling_AreForAdminsOnly()
    {
        using var admin = new TenantHttp(Silo, AdminKey);
        var key = await admin.CreateTenantWithKeyAsync(new { id = "viewer", models = new[] { "*" } }, "viewer");
        using var anonymous = new TenantHttp(Silo, null);
        using var viewer = new TenantHttp(Silo, key);

        // Paths as served, without a redirect: a client following one drops the Authorization header.
        foreach (var path in new[] { "openapi/v1.json", "docs/", "dashboard/" })
        {
            Assert.Equal((path, HttpStatusCode.Unauthorized), (path, (await anonymous.SendAsync(HttpMethod.Get, path)).Status));
            Assert.Equal((path, HttpStatusCode.Forbidden), (path, (await viewer.SendAsync(HttpMethod.Get, path)).Status));
            Assert.Equal((path, HttpStatusCode.OK), (path, (await admin.SendAsync(HttpMethod.Get, path)).Status));
        }

        // Moving traffic between versions and setting replicas are the operator's, not a tenant's,
        // even one entitled to every model: 401 without a key, 403 with a tenant's; nothing acts.
        var rolloutPlan = new { version = "2" };
        var scale = new { replicas = 2 };
        foreach (var (method, path, body) in new (HttpMethod, string, object?)[]
        {
            (HttpMethod.Post, "v2/models/ppocr-cls/rollout", rolloutPlan),
            (HttpMethod.Get, "v2/models/ppocr-cls/rollout", null),
            (HttpMethod.Post, "v2/models/ppocr-cls/rollout/promote", null),
            (HttpMethod.Post, "v2/models/ppocr-cls/rollout/pause", null),
            (HttpMethod.Post, "v2/models/ppocr-cls/rollout/resume", null),
            (HttpMethod.Post, "v2/models/ppocr-cls/rollout/abort", null),
            (HttpMethod.Post, "admin/models/ppocr-cls/scale", scale),
            (HttpMethod.Get, "admin/models/ppocr-cls/scaling", null),
        })
        {
            var missing = await anonymous.SendAsync(method, path, body);
            Assert.True(missing.Status == HttpStatusCode.Unauthorized, $"{method} {path} without a key: {(int)missing.Status} {missing.Text}");
            var denied = await viewer.SendAsync(method, path, body);
            Assert.True(denied.Status == HttpStatusCode.Forbidden, $"{method} {path} as a tenant: {(int)denied.Status} {denied.Text}");
            Assert.Contains("tenant 'viewer'", denied.Error);
        }

        // The admin passes the same guard: the model has no rollout (404), and its scaling history is empty.
        var rollout = await admin.SendAsync(HttpMethod.Get, "v2/models/ppocr-cls/rollout");
        Assert.Equal((HttpStatusCode.NotFound, "model 'ppocr-cls' has no rollout"), (rollout.Status, rollout.Error));
        var scaling = (await admin.SendAsync(HttpMethod.Get, "admin/models/ppocr-cls/scaling")).Require(HttpStatusCode.OK);
        Assert.Equal(0, scaling.Json.GetArrayLength());

        // The CLI's rollout and scale commands send the key they are given (--api-key, else AIAAS_API_KEY).
        var url = Silo.BaseAddress.AbsoluteUri;
        var noKey = await CliProcess.RunAsync("rollout", "status", "ppocr-cls", "--url", url);
        Assert.True(noKey.ExitCode == 1 && noKey.Stderr.Contains("answered 401", StringComparison.Ordinal), noKey.ToString());
        var tenantCli = await CliProcess.RunAsync("models", "scale", "ppocr-cls", "--replicas", "2", "--url", url, "--api-key", key);
        Assert.True(tenantCli.ExitCode == 1 && tenantCli.Stderr.Contains("answered 403", StringComparison.Ordinal), tenantCli.ToString());
        var adminCli = await CliProcess.RunAsync(new Dictionary<string, string> { ["AIAAS_API_KEY"] = AdminKey }, "rollout", "history", "ppocr-cls", "--url", url);
        Assert.True(adminCli.ExitCode == 1 && adminCli.Stderr.Contains("answered 404: model 'ppocr-cls' has no rollout", StringComparison.Ordinal), adminCli.ToString());
    }

    [Fact(Timeout = 120_000)]
    public async Task SdkClient_IsHeldToItsTenantsEntitlementsAndRights()
    {
        using var admin = new TenantHttp(Silo, AdminKey);
        var key = await admin.CreateTenantWithKeyAsync(new { id = "sdk", models = new[] { "ppocr-det" } }, "sdk");

        await using (var client = await SdkClient.StartAsync(o => { o.GatewayPort = Silo.GatewayPort; o.ApiKey = key; }))
        {
            var response = await client.Inference.InferAsync("ppocr-det", [TestTensors.PpocrDetInput()]);
            Assert.Equal("ppocr-det", response.ModelName);
            var denied = await Assert.ThrowsAsync<InferenceException>(() => client.Inference.InferAsync("ppocr-cls", [TestTensors.PpocrClsInput()]));
            Assert.Equal(InferenceErrorKind.PermissionDenied, denied.Kind);
            Assert.Equal("tenant 'sdk' is not entitled to model 'ppocr-cls'", denied.Message);
            var admin2 = await Assert.ThrowsAsync<InferenceException>(() => client.Cluster.GetGrain<ITenantGrain>("sdk").CreateKey());
            Assert.Equal(InferenceErrorKind.PermissionDenied, admin2.Kind);
        }

        var keyless = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await using var client = await SdkClient.StartAsync(o => o.GatewayPort = Silo.GatewayPort);
            await client.Inference.InferAsync("ppocr-det", [TestTensors.PpocrDetInput()]);
        });
        Assert.Equal(InferenceErrorKind.Unauthenticated, Assert.IsType<InferenceException>(keyless).Kind);

        var wrongKey = await Assert.ThrowsAnyAsync<Exception>(() => SdkClient.StartAsync(o => { o.GatewayPort = Silo.GatewayPort; o.ApiKey = "aiaas_wrong"; }));
        Assert.Equal(InferenceErrorKind.Unauthenticated, Assert.IsType<InferenceException>(wrongKey).Kind);
    }

    [Fact(Timeout = 120_000)]
    public async Task SdkClient_IsMeteredToItsTenantAndHeldToItsRateQuota()
    {
        using var admin = new TenantHttp(Silo, AdminKey);
        var key = await admin.CreateTenantWithKeyAsync(
            new { id = "sdk-billed", models = new[] { "ppocr-det" }, quotas = new { requests_per_second = 1, burst = 3 } }, "sdk-billed");

        // Sequential calls until the bucket refuses one: three from the burst, plus at most one a
        // second refilled while they ran.
        var served = 0;
        InferenceException? refused = null;
        var clock = Stopwatch.StartNew();
        await using (var client = await SdkClient.StartAsync(o => { o.GatewayPort = Silo.GatewayPort; o.ApiKey = key; }))
        {
            while (refused is null && served < 20)
            {
                try
                {
                    await client.Inference.InferAsync("ppocr-det", [TestTensors.PpocrDetInput()]);
                    served++;
                }
                catch (InferenceException ex)
                {
                    refused = ex;
                }
            }
        }

        Assert.NotNull(refused);
        Assert.Equal(InferenceErrorKind.ResourceExhausted, refused.Kind);
        Assert.StartsWith("tenant 'sdk-billed' is over its requests_per_second quota (1/s, burst 3)", refused.Message);
        Assert.InRange(served, 3, 3 + (int)Math.Ceiling(clock.Elapsed.TotalSeconds));

        // Metered where the work ran, to the key's tenant, exactly the calls served (the refused one
        // never reached a replica), once the next flush has stored it.
        var row = await Eventually.ValueAsync(
            async () => (await admin.SendAsync(HttpMethod.Get, "admin/usage?tenant=sdk-billed")).Require(HttpStatusCode.OK).Json.GetProperty("usage").EnumerateArray().ToList(),
            rows => rows.Count == 1 && rows[0].GetProperty("requests").GetInt64() == served,
            TimeSpan.FromSeconds(20));
        var usage = Assert.Single(row);
        Assert.Equal("ppocr-det", usage.GetProperty("model").GetString());
        Assert.Equal(served, usage.GetProperty("items").GetInt64());
        Assert.Equal(0, usage.GetProperty("failed").GetInt64());
        Assert.Equal(served * 3 * 32 * 32 * 4, usage.GetProperty("input_bytes").GetInt64());
        Assert.Equal(served * 32 * 32 * 4, usage.GetProperty("output_bytes").GetInt64());
        Assert.True(usage.GetProperty("compute_seconds").GetDouble() > 0);
    }

    [Fact(Timeout = 180_000)]
    public async Task Usage_AfterGracefulStopAndRestart_EqualsTheRequestsMade()
    {
        const int Requests = 7;
        using (var admin = new TenantHttp(Silo, AdminKey))
        {
            var key = await admin.CreateTenantWithKeyAsync(new { id = "billed", models = new[] { "ppocr-*" } }, "billed");
            using var tenant = new TenantHttp(Silo, key);
            for (var i = 0; i < Requests; i++)
            {
                (await tenant.InferAsync("ppocr-det", TestTensors.PpocrDetInput())).Require(HttpStatusCode.OK);
            }

            // Well-formed but of the wrong rank: the replica refuses it, and meters it as failed.
            var bad = await tenant.InferAsync("ppocr-det", Tensor.Create<float>("x", [1, 3, 32], new float[96]));
            Assert.Equal(HttpStatusCode.BadRequest, bad.Status);
            // Its own usage with its own key; another tenant's is refused.
            (await tenant.SendAsync(HttpMethod.Get, "admin/usage")).Require(HttpStatusCode.OK);
        }

        Assert.Equal(0, await Silo.StopAsync());
        await Silo.DisposeAsync();
        _silo = await StartSiloAsync();

        using var again = new TenantHttp(Silo, AdminKey);
        var hour = DateTime.UtcNow.AddHours(-2).ToString("O");
        var usage = (await again.SendAsync(HttpMethod.Get, $"admin/usage?tenant=billed&from={Uri.EscapeDataString(hour)}")).Require(HttpStatusCode.OK).Json.GetProperty("usage");
        var row = Assert.Single(usage.EnumerateArray());
        Assert.Equal("billed", row.GetProperty("tenant").GetString());
        Assert.Equal("ppocr-det", row.GetProperty("model").GetString());
        Assert.Equal("1", row.GetProperty("version").GetString());
        Assert.Equal(Requests, row.GetProperty("requests").GetInt64());
        Assert.Equal(Requests, row.GetProperty("items").GetInt64());
        Assert.Equal(1, row.GetProperty("failed").GetInt64());
        Assert.Equal(1, row.GetProperty("failed_by_kind").GetProperty("invalid_argument").GetInt64());
        Assert.Equal((Requests * 3 * 32 * 32 * 4) + (96 * 4), row.GetProperty("input_bytes").GetInt64());
        Assert.Equal(Requests * 32 * 32 * 4, row.GetProperty("output_bytes").GetInt64());
        Assert.True(row.GetProperty("compute_seconds").GetDouble() > 0);

        var csv = (await again.SendAsync(HttpMethod.Get, "admin/usage?tenant=billed&format=csv")).Require(HttpStatusCode.OK).Text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("tenant,model,version,hour,requests,failed,items,compute_seconds,input_bytes,output_bytes,tokens", csv[0]);
        Assert.StartsWith($"billed,ppocr-det,1,", csv[1]);
        Assert.Equal(Requests.ToString(), csv[1].Split(',')[4]);
    }

    [Fact(Timeout = 180_000)]
    public async Task Usage_AfterKill9_KeepsWhatWasFlushedAndLosesAtMostTheLastInterval()
    {
        const int Flushed = 10;
        const int Unflushed = 5;
        using (var admin = new TenantHttp(Silo, AdminKey))
        {
            var key = await admin.CreateTenantWithKeyAsync(new { id = "killed", models = new[] { "ppocr-*" } }, "killed");
            using var tenant = new TenantHttp(Silo, key);
            for (var i = 0; i < Flushed; i++)
            {
                (await tenant.InferAsync("ppocr-det", TestTensors.PpocrDetInput())).Require(HttpStatusCode.OK);
            }

            // The usage flush (every AIaaS:Auth:UsageFlushInterval, 5 s) has written them once usage shows them.
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (await MeteredRequestsAsync(admin, "killed") < Flushed && DateTime.UtcNow < deadline)
            {
                await Task.Delay(250);
            }

            Assert.Equal(Flushed, await MeteredRequestsAsync(admin, "killed"));
            for (var i = 0; i < Unflushed; i++)
            {
                (await tenant.InferAsync("ppocr-det", TestTensors.PpocrDetInput())).Require(HttpStatusCode.OK);
            }
        }

        Silo.Kill();
        await Silo.DisposeAsync();
        _silo = await StartSiloAsync();

        using var again = new TenantHttp(Silo, AdminKey);
        var kept = await MeteredRequestsAsync(again, "killed");
        output.WriteLine($"after kill -9: {kept} of {Flushed + Unflushed} requests metered ({Flushed + Unflushed - kept} lost, all made within the last flush interval)");
        Assert.InRange(kept, Flushed, Flushed + Unflushed);
    }

    private static async Task<long> MeteredRequestsAsync(TenantHttp admin, string tenant) =>
        (await admin.SendAsync(HttpMethod.Get, $"admin/usage?tenant={tenant}")).Require(HttpStatusCode.OK).Json.GetProperty("usage")
            .EnumerateArray().Sum(r => r.GetProperty("requests").GetInt64());

    [Fact(Timeout = 180_000)]
    public async Task Cli_TenantsKeysAndUsage_WithAnAdminKey()
    {
        var url = Silo.BaseAddress.AbsoluteUri;
        var created = await CliProcess.RunAsync("tenants", "create", "cli", "--models", "ppocr-*", "--requests-per-second", "5", "--url", url, "--api-key", AdminKey);
        Assert.True(created.ExitCode == 0, created.ToString());
        Assert.Contains("│ cli ", created.Stdout);

        var key = await CliProcess.RunAsync("keys", "create", "cli", "--url", url, "--api-key", AdminKey);
        Assert.True(key.ExitCode == 0, key.ToString());
        var secret = key.Stdout.Trim();
        Assert.StartsWith("aiaas_", secret);
        Assert.Equal(49, secret.Length);
        using (var tenant = new TenantHttp(Silo, secret))
        {
            (await tenant.InferAsync("ppocr-det", TestTensors.PpocrDetInput())).Require(HttpStatusCode.OK);
        }

        // The key from the environment, as scripts pass it.
        var environment = new Dictionary<string, string> { ["AIAAS_API_KEY"] = AdminKey };
        var list = await CliProcess.RunAsync(environment, "tenants", "list", "--url", url, "--json");
        Assert.True(list.ExitCode == 0, list.ToString());
        Assert.Contains(JsonDocument.Parse(list.Stdout).RootElement.GetProperty("tenants").EnumerateArray(), t => t.GetProperty("id").GetString() == "cli");
        var keys = await CliProcess.RunAsync(environment, "keys", "list", "cli", "--url", url);
        Assert.True(keys.ExitCode == 0, keys.ToString());
        Assert.Contains(secret[..10], keys.Stdout);
        Assert.DoesNotContain(secret, keys.Stdout);

        // A tenant's own key reads its own usage; not another tenant's, and not the tenant list.
        var own = await CliProcess.RunAsync("usage", "--url", url, "--api-key", secret, "--json");
        Assert.True(own.ExitCode == 0, own.ToString());
        var denied = await CliProcess.RunAsync("tenants", "list", "--url", url, "--api-key", secret);
        Assert.Equal(1, denied.ExitCode);
        Assert.Contains("answered 403", denied.Stderr);
        var unauthenticated = await CliProcess.RunAsync("usage", "--url", url);
        Assert.Equal(1, unauthenticated.ExitCode);
        Assert.Contains("answered 401", unauthenticated.Stderr);
    }

    private Task<SiloProcess> StartSiloAsync() => SiloProcess.StartAsync(new SiloProcessOptions
    {
        DataDirectory = _data.Path,
        ExtraArguments = ["--AIaaS:Auth:Required=true", $"--AIaaS:Auth:AdminKey=sha256:{ApiKeys.Hash(AdminKey)}"],
    });
}
