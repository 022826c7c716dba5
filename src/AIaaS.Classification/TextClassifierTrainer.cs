using AIaaS.Classifiers;
using AIaaS.Embeddings;
using AIaaS.Errors;
using AIaaS.Grains.Tenants;
using AIaaS.Repository;
using AIaaS.Models;
using Microsoft.Extensions.Logging;

namespace AIaaS.Classification;

/// <summary>
/// Trains a tenant's text classifier and deploys it as the next version of its model: the
/// examples are embedded through the embedding pipeline (metered to the tenant like any call),
/// a share of each label is held out to measure accuracy, the head is fitted on the rest, then
/// on everything, exported to ONNX, written into the repository and loaded, so versions,
/// rollout, entitlements and metering apply to it as to any model. Zero-shot: the head's rows
/// are the label descriptions' embeddings, scaled, so a text's scores are its cosine
/// similarities to the descriptions, softmaxed.
/// </summary>
internal sealed partial class TextClassifierTrainer(
    ModelRepository repository,
    IGrainFactory grains,
    TextEmbedder embedder,
    TimeProvider time,
    ILogger<TextClassifierTrainer> logger)
{
    public const string Input = "embedding";
    public const string Output = "probabilities";
    public const string ExamplesMethod = "examples";
    public const string ZeroShotMethod = "zero-shot";

    /// <summary>Cosine similarity times this is a zero-shot logit: a 0.1 lead in similarity is odds of e^2.</summary>
    public const float ZeroShotScale = 20f;

    // The head takes every text of one classification call in one run.
    private const int MaxBatchSize = TextClassifierModel.MaxTexts;
    private const int ShuffleSeed = 17;

    /// <exception cref="InferenceException">A bad name (InvalidArgument), a model of that name that is not a classifier (Conflict), a version that did not load (Unavailable).</exception>
    public async Task<ClassifierTrained> TrainAsync(string model, ClassifierTrainingSet set, TenantPolicy policy, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(policy);
        var started = time.GetTimestamp();
        var existing = Existing(model);
        var pipeline = existing?.TextClassifier?.Embedding ?? EmbeddingPipeline.Name;
        var labels = set.Labels();
        LinearHead head;
        var heldOut = 0;
        double? accuracy = null;
        if (set.IsZeroShot)
        {
            var descriptions = await embedder.EmbedAsync(pipeline, [.. labels.Select(l => set.Descriptions[l])], policy, cancellationToken).ConfigureAwait(false);
            head = ZeroShot(descriptions);
        }
        else
        {
            var vectors = await embedder.EmbedAsync(pipeline, [.. set.Examples.Select(e => e.Text)], policy, cancellationToken).ConfigureAwait(false);
            var classes = set.Examples.Select(e => Array.BinarySearch(labels, e.Label, StringComparer.Ordinal)).ToArray();
            var width = vectors[0].Length;
            var held = HeldOut(classes, labels.Length, set.HeldOut);
            if (held.Count > 0)
            {
                var training = Enumerable.Range(0, classes.Length).Where(i => !held.Contains(i)).ToArray();
                var trial = await Task.Run(() => HeadTrainer.Train([.. training.Select(i => vectors[i])], [.. training.Select(i => classes[i])], labels.Length, width), cancellationToken).ConfigureAwait(false);
                heldOut = held.Count;
                accuracy = held.Count(i => trial.Predict(vectors[i]) == classes[i]) / (double)held.Count;
            }

            // The deployed head learns from every example; the accuracy above is its estimate.
            head = await Task.Run(() => HeadTrainer.Train(vectors, classes, labels.Length, width), cancellationToken).ConfigureAwait(false);
        }

        var record = new TextClassifierConfig
        {
            Embedding = pipeline,
            Input = Input,
            ProbabilitiesOutput = Output,
            Labels = labels,
            Method = set.IsZeroShot ? ZeroShotMethod : ExamplesMethod,
            Examples = set.Examples.Count,
            HeldOut = heldOut,
            Accuracy = accuracy,
            TrainedAt = time.GetUtcNow(),
        };
        // An operator's settings (replicas, version policy, batching) stay; the record is the new version's.
        var config = (existing ?? new ModelConfig { Name = model, Platform = ModelPlatforms.Onnx, MaxBatchSize = MaxBatchSize, DynamicBatching = new DynamicBatchingConfig() })
            with { TextClassifier = record };
        var version = repository.WriteVersion(model, config, head.ToOnnx(Input, Output));
        var definition = repository.Find(model) ?? throw new InferenceException(InferenceErrorKind.Internal, $"model '{model}' vanished from the repository after version {version} was written");
        var deployment = await grains.GetGrain<IModelGrain>(model).Load(definition).ConfigureAwait(false);
        var loaded = deployment.Versions.FirstOrDefault(v => v.Version == version);
        if (loaded is not { Status: ModelVersionStatus.Ready })
        {
            throw InferenceException.Unavailable($"classifier '{model}' version {version} was written but did not load: {loaded?.Reason ?? "not selected by the version policy"}");
        }

        var took = time.GetElapsedTime(started);
        LogTrained(logger, model, version, record.Method, record.Examples, labels.Length, accuracy, took.TotalSeconds);
        return new ClassifierTrained(model, version, record, took);
    }

    /// <summary>The model's configuration when it is already a classifier; null when there is no such model.</summary>
    private ModelConfig? Existing(string model)
    {
        ModelDefinition? definition;
        try
        {
            definition = repository.Find(model);
        }
        catch (ArgumentException ex)
        {
            throw InferenceException.InvalidArgument(ex.Message);
        }
        catch (ModelRepositoryException ex)
        {
            throw new InferenceException(InferenceErrorKind.Conflict, $"model '{model}' is in the repository but invalid ({ex.Message}); fix or remove it before training a classifier of that name");
        }

        if (definition is { Config.TextClassifier: null })
        {
            throw new InferenceException(InferenceErrorKind.Conflict, $"model '{model}' exists and is not a text classifier; train under another name");
        }

        return definition?.Config;
    }

    /// <summary>
    /// A share of each label's examples, picked by a seeded shuffle (the same examples give the
    /// same split): none from a label with fewer than 5, and never all of one.
    /// </summary>
    internal static HashSet<int> HeldOut(int[] classes, int labels, double share)
    {
        var held = new HashSet<int>();
        var random = new Random(ShuffleSeed);
        for (var label = 0; label < labels; label++)
        {
            var members = Enumerable.Range(0, classes.Length).Where(i => classes[i] == label).ToArray();
            var count = members.Length < 5 ? 0 : Math.Max(share > 0 ? 1 : 0, (int)(members.Length * share));
            random.Shuffle(members);
            held.UnionWith(members.Take(count));
        }

        return held;
    }

    private static LinearHead ZeroShot(float[][] descriptions)
    {
        var width = descriptions[0].Length;
        var weights = new float[descriptions.Length * width];
        for (var c = 0; c < descriptions.Length; c++)
        {
            System.Numerics.Tensors.TensorPrimitives.Multiply(descriptions[c], ZeroShotScale, weights.AsSpan(c * width, width));
        }

        return new LinearHead(weights, new float[descriptions.Length], width);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Trained classifier {Model} v{Version} ({Method}) on {Examples} examples of {Labels} labels: held-out accuracy {Accuracy}, in {Seconds:F2} s")]
    private static partial void LogTrained(ILogger logger, string model, int version, string method, int examples, int labels, double? accuracy, double seconds);
}
