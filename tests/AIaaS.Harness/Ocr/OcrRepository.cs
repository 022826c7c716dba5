using AIaaS.Repository;
using AIaaS.Models;

namespace AIaaS.Testing.Ocr;

/// <summary>
/// A model repository for the <c>ocr</c> pipeline: the real PP-OCR models (copied) and the
/// catalog's pipeline and processors, written from models/catalog.json as <c>aiaas models pull</c>
/// writes them.
/// </summary>
public static class OcrRepository
{
    /// <summary>The pipeline's models and their configurations, as the catalog gives them (the pipeline's own last).</summary>
    public static IReadOnlyList<ModelConfig> CatalogConfigs() =>
        [.. ModelCatalog.Load(Path.Combine(RepositoryPaths.Models, ModelCatalog.FileName)).Models
            .Where(m => m.Name.StartsWith("ocr", StringComparison.Ordinal))
            .Select(m => m.Config)];

    /// <summary>Fills <paramref name="repository"/> and returns the pipeline's configuration.</summary>
    public static ModelConfig Prepare(string repository)
    {
        RealModelCopies.CopyTo(repository, "ppocr-det", "ppocr-cls", "ppocr-rec");
        foreach (var config in CatalogConfigs())
        {
            Write(repository, config);
        }

        return CatalogConfigs().Single(c => c.Name == "ocr");
    }

    /// <summary>Writes a configuration-only model (a pipeline or a processor): its config.json and an empty version 1.</summary>
    public static void Write(string repository, ModelConfig config)
    {
        Directory.CreateDirectory(Path.Combine(repository, config.Name, "1"));
        ModelConfigJson.Write(Path.Combine(repository, config.Name, ModelConfigJson.FileName), config, overwrite: true);
    }
}
