using System.Collections.Concurrent;
using System.Globalization;
using AIaaS.Models;

namespace AIaaS.Repository;

/// <summary>
/// A model repository on disk in Triton's layout: <c>{root}/{model}/config.json</c> and
/// <c>{root}/{model}/{version}/model.onnx</c>, versions being numeric directory names. Other
/// directories and files inside a model (label files, notes) are left alone, as Triton does;
/// directories whose names start with a dot (a pull in progress) are not models.
/// A model directory that cannot be served is always reported, never silently skipped.
/// </summary>
public sealed class ModelRepository
{
    /// <summary>Name of a version's ONNX file.</summary>
    public const string ArtifactFileName = "model.onnx";

    // Hashing a large model on every scan is the slow part; the cache is keyed by what changes
    // when the file is replaced (the puller renames a new file in, which changes both).
    private readonly ConcurrentDictionary<string, (long Length, DateTime LastWriteUtc, string Sha256)> _hashes = new(StringComparer.Ordinal);

    private readonly IModelConfigCheck[] _checks;

    /// <param name="root">The repository directory.</param>
    public ModelRepository(string root)
        : this(root, null)
    {
    }

    /// <param name="root">The repository directory.</param>
    /// <param name="checks">What the repository does not know of a configuration (a processor's parameters), checked with the rest.</param>
    internal ModelRepository(string root, IEnumerable<IModelConfigCheck>? checks)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        Root = Path.GetFullPath(root);
        _checks = [.. checks ?? []];
    }

    /// <summary>The repository directory, as an absolute path.</summary>
    public string Root { get; }

    /// <summary>
    /// Every model directory (one with a <c>config.json</c> or a numeric version directory),
    /// sorted by name, each valid or with every error found.
    /// </summary>
    /// <exception cref="ModelRepositoryException">The repository directory does not exist.</exception>
    internal IReadOnlyList<ModelRepositoryEntry> Index()
    {
        if (!Directory.Exists(Root))
        {
            throw new ModelRepositoryException($"the model repository {Root} does not exist; run `aiaas models pull` or create it");
        }

        var entries = new List<ModelRepositoryEntry>();
        foreach (var dir in Directory.EnumerateDirectories(Root).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(dir);
            if (!name.StartsWith('.') && Load(name, dir) is { } entry)
            {
                entries.Add(entry);
            }
        }

        var names = entries.Select(e => e.Name).ToHashSet(StringComparer.Ordinal);
        return PipelineConfigValidator.CheckStepModels(entries, names.Contains);
    }

    /// <summary>Every model in the repository, sorted by name, versions ascending with their SHA-256.</summary>
    /// <exception cref="ModelRepositoryException">A model directory is invalid; the message lists every invalid model and why.</exception>
    public IReadOnlyList<ModelDefinition> Scan()
    {
        var entries = Index();
        var invalid = entries.Where(e => !e.IsValid).ToArray();
        if (invalid.Length > 0)
        {
            throw new ModelRepositoryException(
                $"{invalid.Length} model(s) in {Root} are invalid",
                [.. invalid.SelectMany(e => e.Errors.Select(error => $"{e.Name}: {error}"))]);
        }

        return [.. entries.Select(e => e.Definition!)];
    }

    /// <summary>The model named <paramref name="name"/>, or null when the repository has no such directory.</summary>
    /// <exception cref="ModelRepositoryException">The model's directory exists but is invalid; the message says why.</exception>
    public ModelDefinition? Find(string name)
    {
        var dir = ModelPath(name);
        if (!Directory.Exists(dir) || Load(name, dir) is not { } loaded)
        {
            return null;
        }

        var entry = PipelineConfigValidator.CheckStepModels([loaded], step => !step.StartsWith('.') && step.IndexOfAny(['/', '\\']) < 0 && Directory.Exists(Path.Combine(Root, step)))[0];

        return entry.IsValid
            ? entry.Definition
            : throw new ModelRepositoryException($"model '{name}' in {Root} is invalid", entry.Errors);
    }

    /// <summary>
    /// Writes <paramref name="onnx"/> as the next version of <paramref name="name"/> (or as
    /// <paramref name="version"/>) and <paramref name="config"/> as the model's configuration,
    /// validated first. Both are written whole (by rename), the graph first, so a silo scanning
    /// meanwhile sees the version only complete.
    /// </summary>
    /// <returns>The version written.</returns>
    /// <exception cref="ModelRepositoryException">The configuration is invalid.</exception>
    public int WriteVersion(string name, ModelConfig config, ReadOnlySpan<byte> onnx, int? version = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        ModelConfigValidator.ThrowIfInvalid(config, name, ModelConfigJson.FileName, _checks);
        var directory = ModelPath(name);
        var number = version ?? NextVersion(directory);
        var versionDirectory = Directory.CreateDirectory(Path.Combine(directory, number.ToString(CultureInfo.InvariantCulture))).FullName;
        AtomicFile.WriteAllBytes(Path.Combine(versionDirectory, ArtifactFileName), onnx);
        ModelConfigJson.Write(Path.Combine(directory, ModelConfigJson.FileName), config, overwrite: true);
        return number;
    }

    private static int NextVersion(string directory) =>
        !Directory.Exists(directory)
            ? 1
            : Directory.EnumerateDirectories(directory)
                .Select(d => ModelVersionNumber.TryParseDirectory(Path.GetFileName(d), out var v) ? v : 0)
                .DefaultIfEmpty(0)
                .Max() + 1;

    /// <summary>The directory of a model: <c>{root}/{name}</c>.</summary>
    public string ModelPath(string name)
    {
        ValidateName(name);
        return Path.Combine(Root, name);
    }

    /// <summary>Where a version's ONNX file is: <c>{root}/{name}/{version}/model.onnx</c> (whether or not it exists).</summary>
    public string ArtifactPath(string name, int version)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(version);
        return Path.Combine(ModelPath(name), version.ToString(CultureInfo.InvariantCulture), ArtifactFileName);
    }

    private static void ValidateName(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);

        // The name becomes a path; it must not climb out of the repository or into a temp dir.
        if (name.StartsWith('.') || name.IndexOfAny(['/', '\\']) >= 0 || name.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0)
        {
            throw new ArgumentException($"'{name}' is not a model name: it must not start with '.' or contain path separators", nameof(name));
        }
    }

    private ModelRepositoryEntry? Load(string name, string dir)
    {
        var configPath = Path.Combine(dir, ModelConfigJson.FileName);
        var versionDirs = Directory.EnumerateDirectories(dir)
            .Select(d => (Path: d, Ok: ModelVersionNumber.TryParseDirectory(Path.GetFileName(d), out var v), Version: v))
            .Where(d => d.Ok)
            .OrderBy(d => d.Version)
            .ToArray();

        if (!File.Exists(configPath))
        {
            // Without a config and without versions it is not a model at all (e.g. a scratch dir).
            return versionDirs.Length == 0
                ? null
                : new ModelRepositoryEntry(name, null, [$"{configPath} is missing (a model directory needs a config.json)"]);
        }

        var errors = new List<string>();
        ModelConfig? config = null;
        try
        {
            config = ModelConfigJson.Read(configPath);
            errors.AddRange(ModelConfigValidator.Validate(config, name, _checks).Select(e => $"{ModelConfigJson.FileName}: {e}"));
        }
        catch (ModelRepositoryException ex)
        {
            errors.AddRange(ex.Errors.Count > 0 ? ex.Errors.Select(e => $"{ModelConfigJson.FileName}: {e}") : [ex.Message]);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            errors.Add($"{configPath} cannot be read: {ex.Message}");
        }

        var versions = new List<ModelVersionArtifact>();
        foreach (var (path, _, version) in versionDirs)
        {
            // A pipeline's or processor's version directory is empty, as in Triton; the
            // configuration is its artifact, so its hash changes when the configuration does.
            var artifact = config is null || ModelPlatforms.HasArtifact(config.Platform) ? Path.Combine(path, ArtifactFileName) : configPath;
            if (!File.Exists(artifact))
            {
                errors.Add($"version {version}: {artifact} is missing");
                continue;
            }

            try
            {
                versions.Add(new ModelVersionArtifact(version, HashOf(artifact)));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                errors.Add($"version {version}: {artifact} cannot be read: {ex.Message}");
            }
        }

        if (versionDirs.Length == 0)
        {
            errors.Add($"no version directory: put the model at {Path.Combine(dir, "1", ArtifactFileName)}");
        }

        if (config is not null)
        {
            var onDisk = versionDirs.Select(v => v.Version).ToArray();
            foreach (var missing in VersionSelection.Missing(config.VersionPolicy, onDisk))
            {
                errors.Add($"version_policy.specific lists version {missing}, which has no directory");
            }
        }

        return errors.Count == 0
            ? new ModelRepositoryEntry(name, new ModelDefinition(config!, versions), [])
            : new ModelRepositoryEntry(name, null, errors);
    }

    private string HashOf(string path)
    {
        var info = new FileInfo(path);
        if (_hashes.TryGetValue(path, out var cached) && cached.Length == info.Length && cached.LastWriteUtc == info.LastWriteTimeUtc)
        {
            return cached.Sha256;
        }

        var sha = Sha256File.Compute(path);
        _hashes[path] = (info.Length, info.LastWriteTimeUtc, sha);
        return sha;
    }
}
