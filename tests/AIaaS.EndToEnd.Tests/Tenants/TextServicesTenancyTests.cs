using System.Net;
using System.Text.Json;
using AIaaS.Examples.IrisForest;
using AIaaS.Tenants;
using AIaaS.Testing;

namespace AIaaS.EndToEnd.Tests.Tenants;

/// <summary>
/// The text and tabular services (<c>/v1/embeddings</c>, <c>/v1/models/{m}/predict</c>, text
/// classification and classifier training) are held to the caller's tenant like OIP inference: a
/// silo process with keys required, serving the real embedding pipeline and the Iris forest.
/// </summary>
public sealed class TextServicesTenancyTests : IAsyncLifetime
{
    private const string AdminKey = "aiaas_test-admin-key-text-services-0123456789ab";
    private const string Classifier = "tickets";
    private static readonly object IrisRow = new { sepal_length = 5.1, sepal_width = 3.5, petal_length = 1.4, petal_width = 0.2 };

    private readonly TemporaryDirectory _repository = new("aiaas-e2e-text-tenancy");
    private readonly TemporaryDirectory _data = new("aiaas-e2e-text-tenancy-data");
    private SiloProcess? _silo;

    private SiloProcess Silo => _silo!;

    public async Task InitializeAsync()
    {
        RealModelCopies.CopyTo(_repository.Path, "text-tokenize", "minilm", "text-pool", "text-embedding");
        IrisForestTrainer.WriteToRepository(IrisForestTrainer.Train(IrisDataSet.Load()), _repository.Path);
        _silo = await SiloProcess.StartAsync(new SiloProcessOptions
        {
            DataDirectory = _data.Path,
            ModelRepository = _repository.Path,
            // Strict: ready once every model is, so no test meets a pipeline still loading.
            ExtraArguments = ["--AIaaS:Auth:Required=true", $"--AIaaS:Auth:AdminKey=sha256:{ApiKeys.Hash(AdminKey)}", "--AIaaS:StrictReadiness=true"],
        });
    }

    public async Task DisposeAsync()
    {
        if (_silo is not null)
        {
            await _silo.DisposeAsync();
        }

        _data.Dispose();
        _repository.Dispose();
    }

    /// <summary>Each service's route and a body it would serve.</summary>
    private static IEnumerable<(HttpMethod Method, string Path, object Body, string Model)> Services() =>
    [
        (HttpMethod.Post, "v1/embeddings", new { model = "text-embedding", input = "where is my parcel" }, "text-embedding"),
        (HttpMethod.Post, $"v1/models/{IrisForestTrainer.ModelName}/predict", new { instances = new[] { IrisRow } }, IrisForestTrainer.ModelName),
        (HttpMethod.Post, $"v1/models/{Classifier}/text-classification", new { text = "my card was charged twice" }, Classifier),
        (HttpMethod.Post, $"v1/classifiers/{Classifier}", new { labels = new { billing = "charges and refunds", shipping = "parcels and couriers" } }, Classifier),
    ];

    [Fact(Timeout = 180_000)]
    public async Task TextServices_WithoutAKey_Are401_AndNotEntitled_Are403NamingTheModel()
    {
        using var admin = new TenantHttp(Silo, AdminKey);
        var key = await admin.CreateTenantWithKeyAsync(new { id = "ocr-only", models = new[] { "ppocr-*", "ocr" } }, "ocr-only");
        using var anonymous = new TenantHttp(Silo, null);
        using var outsider = new TenantHttp(Silo, key);

        foreach (var (method, path, body, model) in Services())
        {
            var missing = await anonymous.SendAsync(method, path, body);
            Assert.True(missing.Status == HttpStatusCode.Unauthorized, $"{path}: {(int)missing.Status} {missing.Text}");
            Assert.StartsWith("Bearer realm=\"aiaas\"", missing.WwwAuthenticate);

            var denied = await outsider.SendAsync(method, path, body);
            Assert.True(denied.Status == HttpStatusCode.Forbidden, $"{path}: {(int)denied.Status} {denied.Text}");
            Assert.Equal($"tenant 'ocr-only' is not entitled to model '{model}'", denied.Error);
        }

        // Not entitled means not served and not metered: nothing was charged to the tenant.
        Assert.Empty((await admin.SendAsync(HttpMethod.Get, "admin/usage?tenant=ocr-only")).Require(HttpStatusCode.OK).Json.GetProperty("usage").EnumerateArray());
    }

    [Fact(Timeout = 180_000)]
    public async Task TextServices_OverTheRate_Are429NamingTheQuotaWithRetryAfter()
    {
        using var admin = new TenantHttp(Silo, AdminKey);
        (await admin.SendAsync(HttpMethod.Post, $"v1/classifiers/{Classifier}", Services().Last().Body)).Require(HttpStatusCode.Created);
        foreach (var (method, path, body, _) in Services().SkipLast(1))
        {
            var id = $"slow-{path.Split('/')[^1]}";
            var key = await admin.CreateTenantWithKeyAsync(new { id, models = new[] { "*" }, quotas = new { requests_per_second = 0.2, burst = 1 } }, id);
            using var tenant = new TenantHttp(Silo, key);

            (await tenant.SendAsync(method, path, body)).Require(HttpStatusCode.OK);
            var limited = await tenant.SendAsync(method, path, body);

            Assert.True(limited.Status == HttpStatusCode.TooManyRequests, $"{path}: {(int)limited.Status} {limited.Text}");
            Assert.StartsWith($"tenant '{id}' is over its requests_per_second quota (0.2/s, burst 1)", limited.Error);
            Assert.True(limited.RetryAfter >= TimeSpan.FromSeconds(1), $"{path}: Retry-After {limited.RetryAfter}");
        }
    }

    [Fact(Timeout = 180_000)]
    public async Task Embeddings_TwoTenants_EachIsMeteredItsOwnTokensAndReadsOnlyItsOwnUsage()
    {
        using var admin = new TenantHttp(Silo, AdminKey);
        var shortKey = await admin.CreateTenantWithKeyAsync(new { id = "short", models = new[] { "text-*" } }, "short");
        var longKey = await admin.CreateTenantWithKeyAsync(new { id = "long", models = new[] { "text-*" } }, "long");
        using var shortTexts = new TenantHttp(Silo, shortKey);
        using var longTexts = new TenantHttp(Silo, longKey);

        var shortTokens = 0L;
        for (var i = 0; i < 3; i++)
        {
            shortTokens += PromptTokens((await shortTexts.SendAsync(HttpMethod.Post, "v1/embeddings", new { model = "text-embedding", input = "hello" })).Require(HttpStatusCode.OK));
        }

        var longTokens = PromptTokens((await longTexts.SendAsync(HttpMethod.Post, "v1/embeddings", new
        {
            model = "text-embedding",
            input = new[] { "the parcel was left at the wrong address and the courier will not answer", "refund the second charge on my last invoice please" },
        })).Require(HttpStatusCode.OK));

        Assert.NotEqual(shortTokens, longTokens);
        // Usage reaches the tenant grain on the meter's background flush.
        var shortRows = await Eventually.ValueAsync(() => UsageAsync(shortTexts, null), rows => Tokens(rows) == shortTokens, TimeSpan.FromSeconds(20));
        var longRows = await Eventually.ValueAsync(() => UsageAsync(longTexts, null), rows => Tokens(rows) == longTokens, TimeSpan.FromSeconds(20));

        Assert.All(shortRows, r => Assert.Equal("short", r.GetProperty("tenant").GetString()));
        Assert.Equal(3, shortRows.Where(r => r.GetProperty("model").GetString() == "text-embedding").Sum(r => r.GetProperty("requests").GetInt64()));
        Assert.All(longRows, r => Assert.Equal("long", r.GetProperty("tenant").GetString()));
        Assert.Equal(1, longRows.Where(r => r.GetProperty("model").GetString() == "text-embedding").Sum(r => r.GetProperty("requests").GetInt64()));
        var other = await shortTexts.SendAsync(HttpMethod.Get, "admin/usage?tenant=long");
        Assert.Equal(HttpStatusCode.Forbidden, other.Status);
        Assert.Equal("tenant 'short' may read only its own usage", other.Error);
    }

    private static long PromptTokens(TenantHttp.Answer answer) => answer.Json.GetProperty("usage").GetProperty("prompt_tokens").GetInt64();

    /// <summary>The tokens on the pipeline's own row (its tokenizer step's row counts them too: rows break down where the work ran).</summary>
    private static long Tokens(IReadOnlyList<JsonElement> rows) =>
        rows.Where(r => r.GetProperty("model").GetString() == "text-embedding").Sum(r => r.GetProperty("tokens").GetInt64());

    private static async Task<IReadOnlyList<JsonElement>> UsageAsync(TenantHttp caller, string? tenant) =>
        [.. (await caller.SendAsync(HttpMethod.Get, tenant is null ? "admin/usage" : $"admin/usage?tenant={tenant}"))
            .Require(HttpStatusCode.OK).Json.GetProperty("usage").EnumerateArray()];
}
