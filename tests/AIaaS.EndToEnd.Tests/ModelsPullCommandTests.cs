using System.IO.Compression;
using System.Security.Cryptography;
using AIaaS.Testing;

namespace AIaaS.EndToEnd.Tests;

/// <summary><c>aiaas models pull</c> run as a process against a NuGet feed on loopback.</summary>
public sealed class ModelsPullCommandTests : IDisposable
{
    private const string Id = "AIaaS.Test.Pull";
    private const string Version = "2.0.0";

    private readonly TemporaryDirectory temp = new();
    private readonly NuGetFeedServer feed = new();
    private readonly byte[] model = RandomNumberGenerator.GetBytes(200_000);
    private readonly byte[] package;

    public ModelsPullCommandTests()
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var entry = zip.CreateEntry("content/model.onnx", CompressionLevel.NoCompression).Open();
            entry.Write(model);
        }

        package = buffer.ToArray();
        feed.Add(Id, Version, package);
    }

    public void Dispose()
    {
        feed.Dispose();
        temp.Dispose();
    }

    [Fact(Timeout = 120_000)]
    public async Task Pull_FromANuGetFeed_VerifiesAndPlacesTheFileAndWritesTheConfig()
    {
        var repository = temp.Combine("repo");

        var result = await CliProcess.RunAsync("models", "pull", "--repository", repository, "--catalog", Catalog(), "--nuget-feed", feed.Feed.AbsoluteUri);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("verified m/1/model.onnx", result.Stdout, StringComparison.Ordinal);
        Assert.Equal(model, File.ReadAllBytes(Path.Combine(repository, "m", "1", "model.onnx")));
        Assert.True(File.Exists(Path.Combine(repository, "m", "config.json")), result.ToString());
        Assert.Equal(1, feed.Requests);
    }

    [Fact(Timeout = 120_000)]
    public async Task Pull_PackageOverMaxPackageBytes_FailsNamingTheLimitAndWritesNothing()
    {
        var repository = temp.Combine("repo");
        var limit = package.Length / 2;

        var result = await CliProcess.RunAsync(
            "models", "pull", "--repository", repository, "--catalog", Catalog(), "--nuget-feed", feed.Feed.AbsoluteUri, "--max-package-bytes", $"{limit}");

        Assert.True(result.ExitCode != 0, result.ToString());
        Assert.Contains($"is larger than {limit} bytes, the most a model package may have (--max-package-bytes)", result.Stderr, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(repository));
    }

    [Fact(Timeout = 120_000)]
    public async Task Pull_MaxPackageBytesNotPositive_RefusedWhileParsing()
    {
        var result = await CliProcess.RunAsync("models", "pull", "--catalog", Catalog(), "--max-package-bytes", "0");

        Assert.True(result.ExitCode != 0, result.ToString());
        Assert.Contains("--max-package-bytes must be positive", result.Stderr + result.Stdout, StringComparison.Ordinal);
        Assert.Equal(0, feed.Requests);
    }

    private string Catalog() => temp.Write("catalog.json", $$"""
        {"models": [{"name": "m", "version": 1, "nuget": "{{Id}}@{{Version}}",
          "files": [{"path": "content/model.onnx", "sha256": "{{Convert.ToHexStringLower(SHA256.HashData(model))}}", "target": "m/1/model.onnx"}],
          "config": {"max_batch_size": 0} }]}
        """);
}
