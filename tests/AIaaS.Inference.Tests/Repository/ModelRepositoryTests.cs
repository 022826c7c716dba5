using System.Security.Cryptography;
using System.Text;
using AIaaS.Repository;
using AIaaS.Models;
using AIaaS.Testing;

namespace AIaaS.Inference.Tests.Repository;

public sealed class ModelRepositoryTests : IDisposable
{
    private readonly TemporaryDirectory root = new();

    public void Dispose() => root.Dispose();

    [Fact]
    public void Scan_TritonLayout_ModelsSortedWithVersionsAndSha256()
    {
        root.Write("ppocr-cls/config.json", """{"max_batch_size": 32, "dynamic_batching": {"preferred_batch_size": [8]}}""");
        root.Write("ppocr-cls/10/model.onnx", "ten");
        root.Write("ppocr-cls/2/model.onnx", "two");
        root.Write("ppocr-cls/9/model.onnx", "nine");
        root.Write("ppocr-cls/notes/readme.txt", "not a version");
        root.Write("ppocr-cls/0/model.onnx", "Triton ignores version 0");
        root.Write("ppocr-cls/03/model.onnx", "and names with a leading zero");
        root.Write("ppocr-cls/-4/model.onnx", "and signs");
        root.Write("ppocr-cls/labels.txt", "a\nb");
        root.Write("alpha/config.json", """{"name": "alpha"}""");
        root.Write("alpha/1/model.onnx", "one");
        root.Write(".pull-0123/alpha/1/model.onnx", "staging of a pull");
        root.Write("scratch/readme.txt", "neither config nor versions");

        var models = new ModelRepository(root.Path).Scan();

        Assert.Equal(["alpha", "ppocr-cls"], models.Select(m => m.Name));
        Assert.Equal([new ModelVersionArtifact(1, Sha("one"))], models[0].Versions);
        Assert.Equal(
            [new ModelVersionArtifact(2, Sha("two")), new ModelVersionArtifact(9, Sha("nine")), new ModelVersionArtifact(10, Sha("ten"))],
            models[1].Versions);
        Assert.Equal("ppocr-cls", models[1].Config.Name);
        Assert.Equal(32, models[1].Config.MaxBatchSize);
        Assert.Equal(new LatestVersionPolicy(1), models[1].Config.VersionPolicy?.Latest);
    }

    [Fact]
    public void Scan_InvalidConfig_ThrowsNamingModelAndEveryField()
    {
        root.Write("good/config.json", "{}");
        root.Write("good/1/model.onnx", "g");
        root.Write("bad/config.json", """{"name": "other", "max_batch_size": 4, "replicas": 0}""");
        root.Write("bad/1/model.onnx", "b");

        var ex = Assert.Throws<ModelRepositoryException>(() => new ModelRepository(root.Path).Scan());

        Assert.Equal(
            [
                "bad: config.json: name 'other' must equal the model directory name 'bad'",
                "bad: config.json: replicas must be >= 1, not 0",
            ],
            ex.Errors);
        Assert.StartsWith($"1 model(s) in {root.Path} are invalid", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Index_InvalidBesideValid_ReportsBoth()
    {
        root.Write("good/config.json", "{}");
        root.Write("good/1/model.onnx", "g");
        root.Write("broken/config.json", """{"max_batch_sise": 4}""");
        root.Write("broken/1/model.onnx", "b");
        root.Write("noconfig/1/model.onnx", "n");
        root.Write("noversion/config.json", "{}");
        root.Write("noartifact/config.json", "{}");
        Directory.CreateDirectory(root.Combine("noartifact", "1"));

        var entries = new ModelRepository(root.Path).Index();

        Assert.Equal(["broken", "good", "noartifact", "noconfig", "noversion"], entries.Select(e => e.Name));
        Assert.Equal([false, true, false, false, false], entries.Select(e => e.IsValid));
        Assert.StartsWith("config.json: unknown field 'max_batch_sise' at $ (known fields: ", Assert.Single(entries[0].Errors), StringComparison.Ordinal);
        Assert.Equal([$"version 1: {root.Combine("noartifact", "1", "model.onnx")} is missing"], entries[2].Errors);
        Assert.Equal([$"{root.Combine("noconfig", "config.json")} is missing (a model directory needs a config.json)"], entries[3].Errors);
        Assert.Equal([$"no version directory: put the model at {root.Combine("noversion", "1", "model.onnx")}"], entries[4].Errors);
    }

    [Fact]
    public void Index_SpecificVersionAbsent_Reported()
    {
        root.Write("m/config.json", """{"version_policy": {"specific": {"versions": [1, 4]}}}""");
        root.Write("m/1/model.onnx", "one");

        var entry = Assert.Single(new ModelRepository(root.Path).Index());

        Assert.Equal(["version_policy.specific lists version 4, which has no directory"], entry.Errors);
    }

    [Fact]
    public void Index_RepositoryMissing_ThrowsNamingDirectory()
    {
        var missing = root.Combine("nope");

        var ex = Assert.Throws<ModelRepositoryException>(() => new ModelRepository(missing).Index());

        Assert.Equal($"the model repository {missing} does not exist; run `aiaas models pull` or create it", ex.Message);
    }

    [Fact]
    public void Find_Valid_ReturnsDefinition()
    {
        root.Write("m/config.json", """{"max_batch_size": 4}""");
        root.Write("m/1/model.onnx", "one");

        var model = new ModelRepository(root.Path).Find("m");

        Assert.NotNull(model);
        Assert.Equal(4, model.Config.MaxBatchSize);
        Assert.Equal([new ModelVersionArtifact(1, Sha("one"))], model.Versions);
    }

    [Fact]
    public void Find_Unknown_ReturnsNull()
    {
        Assert.Null(new ModelRepository(root.Path).Find("unknown"));
    }

    [Fact]
    public void Find_InvalidConfig_ThrowsWithErrors()
    {
        root.Write("m/config.json", """{"max_batch_size": 0, "dynamic_batching": {}}""");
        root.Write("m/1/model.onnx", "one");

        var ex = Assert.Throws<ModelRepositoryException>(() => new ModelRepository(root.Path).Find("m"));

        Assert.Equal(["config.json: dynamic_batching needs max_batch_size > 0 (the model must have a batch axis)"], ex.Errors);
        Assert.StartsWith($"model 'm' in {root.Path} is invalid", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Find_ReplacedArtifact_NewSha256()
    {
        root.Write("m/config.json", "{}");
        var artifact = root.Write("m/1/model.onnx", "one");
        var repository = new ModelRepository(root.Path);
        Assert.Equal(Sha("one"), repository.Find("m")!.Versions[0].Sha256);

        File.WriteAllText(artifact, "uno!");
        File.SetLastWriteTimeUtc(artifact, DateTime.UtcNow.AddMinutes(1));

        Assert.Equal(Sha("uno!"), repository.Find("m")!.Versions[0].Sha256);
    }

    [Fact]
    public void ArtifactPath_NameAndVersion_TritonLayout()
    {
        var repository = new ModelRepository(root.Path);

        Assert.Equal(Path.Combine(root.Path, "silero-vad", "3", "model.onnx"), repository.ArtifactPath("silero-vad", 3));
    }

    [Theory]
    [InlineData("../etc")]
    [InlineData("a/b")]
    [InlineData(".pull-1")]
    public void ArtifactPath_NameLeavingRepository_Throws(string name)
    {
        Assert.Throws<ArgumentException>(() => new ModelRepository(root.Path).ArtifactPath(name, 1));
    }

    private static string Sha(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
