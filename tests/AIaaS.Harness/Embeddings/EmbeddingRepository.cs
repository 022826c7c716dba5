using AIaaS.Embeddings;
using AIaaS.Repository;
using AIaaS.Models;
using AIaaS.Testing.Ocr;

namespace AIaaS.Testing.Embeddings;

/// <summary>
/// A model repository for the <c>text-embedding</c> pipeline: the real all-MiniLM-L6-v2 (copied,
/// with its vocabulary) and the catalog's tokenizer, pooling and pipeline configurations, written
/// from models/catalog.json as <c>aiaas models pull</c> writes them.
/// </summary>
public static class EmbeddingRepository
{
    /// <summary>The models the pipeline needs besides MiniLM, as the catalog gives them.</summary>
    public static IReadOnlyList<ModelConfig> CatalogConfigs() =>
        [.. ModelCatalog.Load(Path.Combine(RepositoryPaths.Models, ModelCatalog.FileName)).Models
            .Where(m => m.Name is "text-tokenize" or "text-pool" or EmbeddingPipeline.Name)
            .Select(m => m.Config)];

    /// <summary>The catalog's MiniLM configuration.</summary>
    public static ModelConfig MiniLmConfig() =>
        ModelCatalog.Load(Path.Combine(RepositoryPaths.Models, ModelCatalog.FileName)).Find("minilm")!.Config;

    /// <summary>Path of the real vocabulary (models/minilm/vocab.txt, placed by <c>aiaas models pull</c>).</summary>
    public static string Vocabulary => Path.Combine(RepositoryPaths.RealModel("minilm"), "vocab.txt");

    /// <summary>Path of the real MiniLM graph.</summary>
    public static string Graph => Path.Combine(RepositoryPaths.RealModel("minilm"), "1", "model.onnx");

    /// <summary>Fills <paramref name="repository"/>; <paramref name="miniLm"/> replaces the catalog's MiniLM configuration.</summary>
    public static void Prepare(string repository, ModelConfig? miniLm = null)
    {
        Directory.CreateDirectory(Path.Combine(repository, "minilm", "1"));
        File.Copy(Graph, Path.Combine(repository, "minilm", "1", "model.onnx"));
        File.Copy(Vocabulary, Path.Combine(repository, "minilm", "vocab.txt"));
        ModelConfigJson.Write(Path.Combine(repository, "minilm", ModelConfigJson.FileName), miniLm ?? MiniLmConfig(), overwrite: true);
        foreach (var config in CatalogConfigs())
        {
            OcrRepository.Write(repository, config);
        }
    }
}
