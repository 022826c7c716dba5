using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using AIaaS.Models;

namespace AIaaS.Repository;

/// <summary>
/// The one place that reads and writes a model's <c>config.json</c>: Triton's model configuration
/// in its JSON form (snake_case names such as <c>max_batch_size</c> and <c>dynamic_batching</c>)
/// plus ours (<c>accelerator</c>, <c>replicas</c>, <c>executors</c>, <c>gpu_memory_mb</c>).
/// Defaults are filled here and nowhere else (<see cref="Normalize"/>), as Triton normalises a
/// configuration once before validating it and building anything from it.
/// </summary>
internal static class ModelConfigJson
{
    /// <summary>Name of the configuration file in a model's directory.</summary>
    public const string FileName = "config.json";

    /// <summary>
    /// Strict on unknown fields: a misspelt <c>max_batch_sise</c> silently ignored would serve the
    /// model with a different batching than the operator wrote. Lenient on comments, trailing
    /// commas and numbers written as strings (Triton prints 64-bit fields that way).
    /// </summary>
    public static JsonSerializerOptions SerializerOptions { get; } = CreateOptions();

    /// <summary>Parses configuration JSON as written; <paramref name="source"/> names it in errors.</summary>
    /// <exception cref="ModelRepositoryException">The text is not JSON or has a field the configuration does not know.</exception>
    public static ModelConfig Parse(string json, string source = FileName)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, DocumentOptions);
        }
        catch (JsonException ex)
        {
            throw Invalid(source, ex);
        }

        using (document)
        {
            return Parse(document.RootElement, source);
        }
    }

    /// <summary>Parses a configuration that is part of a larger document (the catalog's default configurations).</summary>
    internal static ModelConfig Parse(JsonElement element, string source)
    {
        ThrowIfUnknownFields(element, typeof(ModelConfig), source, "invalid model configuration");
        try
        {
            return element.Deserialize<ModelConfig>(SerializerOptions)
                ?? throw new ModelRepositoryException($"{source}: the configuration is null");
        }
        catch (JsonException ex)
        {
            throw Invalid(source, ex);
        }
    }

    /// <summary>
    /// Reads <c>{model directory}/config.json</c> and normalises it with the directory's name as
    /// the model name. Validation is <see cref="ModelConfigValidator"/>'s job.
    /// </summary>
    public static ModelConfig Read(string path)
    {
        var full = Path.GetFullPath(path);
        var modelName = Path.GetFileName(Path.GetDirectoryName(full)) ?? "";
        return Normalize(Parse(File.ReadAllText(full), full), modelName);
    }

    /// <summary>
    /// Fills every default: the name from the model directory when absent, the platform, the
    /// accelerator (lower case), <c>version_policy</c> as <c>latest</c> 1 when absent (Triton's
    /// default), <c>num_versions</c> 1 when a <c>latest</c> policy omits it, and state data types.
    /// Values that are present and wrong are left for the validator to report.
    /// </summary>
    public static ModelConfig Normalize(ModelConfig config, string modelName)
    {
        ArgumentNullException.ThrowIfNull(config);
        var policy = config.VersionPolicy;
        if (policy is null || (policy.Latest is null && policy.All is null && policy.Specific is null))
        {
            policy = new VersionPolicy { Latest = new LatestVersionPolicy(1) };
        }
        else if (policy.Latest is { NumVersions: 0 })
        {
            policy = policy with { Latest = new LatestVersionPolicy(1) };
        }

        var sequence = config.SequenceBatching;
        if (sequence is not null && sequence.State.Any(s => string.IsNullOrWhiteSpace(s.DataType)))
        {
            sequence = sequence with
            {
                State = [.. sequence.State.Select(s => string.IsNullOrWhiteSpace(s.DataType) ? s with { DataType = "TYPE_FP32" } : s)],
            };
        }

        return config with
        {
            Name = string.IsNullOrWhiteSpace(config.Name) ? modelName : config.Name,
            Platform = string.IsNullOrWhiteSpace(config.Platform) ? "onnxruntime_onnx" : config.Platform,
            Accelerator = string.IsNullOrWhiteSpace(config.Accelerator)
                ? ModelAccelerators.Auto
                : config.Accelerator.Trim().ToLowerInvariant(),
            VersionPolicy = policy,
            SequenceBatching = sequence,
        };
    }

    /// <summary>The configuration as indented JSON with Triton's names; absent blocks are omitted.</summary>
    public static string Serialize(ModelConfig config) =>
        JsonSerializer.Serialize(config, SerializerOptions) + "\n";

    /// <summary>
    /// Writes the configuration atomically (temporary file and rename). With
    /// <paramref name="overwrite"/> false an existing file, an operator's edits, is kept and the
    /// method returns false.
    /// </summary>
    public static bool Write(string path, ModelConfig config, bool overwrite) =>
        AtomicFile.WriteAllText(path, Serialize(config), overwrite);

    /// <summary>Throws one exception naming every field <paramref name="type"/> does not know.</summary>
    internal static void ThrowIfUnknownFields(JsonElement element, Type type, string source, string what)
    {
        var unknown = UnknownJsonFields.Find(element, type, SerializerOptions);
        if (unknown.Count > 0)
        {
            throw new ModelRepositoryException($"{source}: {what}", unknown);
        }
    }

    /// <summary>The reader settings of <see cref="SerializerOptions"/>, for parsing into a document first.</summary>
    internal static JsonDocumentOptions DocumentOptions => new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    private static ModelRepositoryException Invalid(string source, JsonException ex)
    {
        // System.Text.Json names the unmapped property in its message; the path says where it is.
        var where = string.IsNullOrEmpty(ex.Path) ? "" : $" (at {ex.Path})";
        return new ModelRepositoryException($"{source}: invalid model configuration: {ex.Message}{where}", ex);
    }

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
            ReadCommentHandling = JsonCommentHandling.Skip,
            AllowTrailingCommas = true,
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
            NumberHandling = JsonNumberHandling.AllowReadingFromString,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            RespectNullableAnnotations = true,
            WriteIndented = true,
            TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
        };
        options.Converters.Add(new SequenceCheckpointJsonConverter());
        options.MakeReadOnly();
        return options;
    }
}
