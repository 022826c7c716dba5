using AIaaS.Repository;
using AIaaS.Models;
using Microsoft.Extensions.Logging;

namespace AIaaS.Hosting.Repository;

/// <summary>
/// At silo start, records every model of the repository in its model grain. Runs in the
/// background so health endpoints answer while models load; <see cref="Completion"/> is what
/// readiness waits for.
/// </summary>
internal sealed partial class ModelRegistrationService(IGrainFactory grains, ModelRepository repository, ILogger<ModelRegistrationService> logger)
{
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Completion => _completion.Task;

    /// <summary>The names of the repository's valid models, sorted, as found at start; set before <see cref="Completion"/>.</summary>
    public IReadOnlyList<string> Models { get; private set; } = [];

    internal Task StartAsync(CancellationToken cancellationToken)
    {
        _ = Task.Run(() => RegisterAllAsync(cancellationToken), CancellationToken.None);
        return Task.CompletedTask;
    }

    private async Task RegisterAllAsync(CancellationToken cancellationToken)
    {
        try
        {
            var entries = repository.Index();
            foreach (var entry in entries.Where(e => !e.IsValid))
            {
                LogInvalidModel(logger, entry.Name, string.Join("; ", entry.Errors));
            }

            var valid = entries.Where(e => e.IsValid).Select(e => e.Definition!).ToList();
            Models = [.. valid.Select(d => d.Name).Order(StringComparer.Ordinal)];
            // ONNX models one at a time, as before (each session load takes the cores); then the
            // processors, which load in milliseconds, all at once; then pipelines, which load once
            // the models their steps call are ready.
            foreach (var definition in valid.Where(d => d.Config.Platform == ModelPlatforms.Onnx))
            {
                cancellationToken.ThrowIfCancellationRequested();
                await RegisterAsync(definition).ConfigureAwait(false);
            }

            await Task.WhenAll(valid.Where(d => d.Config.Platform == ModelPlatforms.Processor).Select(RegisterAsync)).ConfigureAwait(false);
            await Task.WhenAll(valid.Where(d => d.Config.Platform == ModelPlatforms.Ensemble).Select(RegisterAsync)).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogScanFailed(logger, ex);
        }
        finally
        {
            _completion.TrySetResult();
        }
    }

    private async Task RegisterAsync(ModelDefinition definition)
    {
        try
        {
            var deployment = await grains.GetGrain<IModelGrain>(definition.Name).Register(definition).ConfigureAwait(false);
            LogRegistered(logger, definition.Name, string.Join(", ", deployment.Versions.Select(v => $"v{v.Version} {v.Status}")));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogRegistrationFailed(logger, definition.Name, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Model {Model}: {Versions}")]
    private static partial void LogRegistered(ILogger logger, string model, string versions);

    [LoggerMessage(Level = LogLevel.Error, Message = "Registering model {Model} failed")]
    private static partial void LogRegistrationFailed(ILogger logger, string model, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Model {Model} is not served: {Errors}")]
    private static partial void LogInvalidModel(ILogger logger, string model, string errors);

    [LoggerMessage(Level = LogLevel.Error, Message = "Scanning the model repository failed")]
    private static partial void LogScanFailed(ILogger logger, Exception exception);
}
