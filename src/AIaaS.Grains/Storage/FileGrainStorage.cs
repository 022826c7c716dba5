using Microsoft.Extensions.Logging;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

namespace AIaaS.Grains.Storage;

/// <summary>
/// Grain storage in files, for embedded mode: the state <c>S</c> of grain <c>G</c> lives in
/// <c>{RootDirectory}/{escaped S}/{escaped G}.state</c>.
/// </summary>
/// <remarks>
/// A write goes to a temporary file in the same directory, is flushed to disk, then renamed
/// over the state file, so a reader or a restart sees the old state or the new one, never a
/// mix; once the call returns, the state survives a process crash. Each write gets a fresh GUID
/// ETag, so a record that is deleted and written again never repeats an ETag a stale grain
/// could still hold.
/// </remarks>
internal sealed partial class FileGrainStorage : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>
{
    // Enough stripes that unrelated grains rarely wait on each other; 64 semaphores cost ~6 KB.
    private const int LockStripeCount = 64;

    private readonly string _name;
    private readonly FileGrainStorageOptions _options;
    private readonly IActivatorProvider _activatorProvider;
    private readonly ILogger<FileGrainStorage> _logger;
    private readonly FileLockStripes _locks = new(LockStripeCount);
    private string? _rootDirectory;

    public FileGrainStorage(
        string name,
        FileGrainStorageOptions options,
        IActivatorProvider activatorProvider,
        ILogger<FileGrainStorage> logger)
    {
        _name = name;
        _options = options;
        _activatorProvider = activatorProvider;
        _logger = logger;
    }

    // Resolved on first use rather than in the constructor: the silo builds providers before it
    // runs the options validator, which is where an empty or bad path must be reported.
    private string RootDirectory => _rootDirectory ??= Path.GetFullPath(_options.RootDirectory);

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(OptionFormattingUtilities.Name<FileGrainStorage>(_name), _options.InitStage, InitAsync);

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        ReadStateAsync(stateName, grainId, grainState, CancellationToken.None);

    public async Task ReadStateAsync<T>(
        string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        var id = grainId.ToString();
        var path = GetStatePath(stateName, id);
        StoredState? stored;
        var fileLock = _locks.For(path);
        await fileLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            stored = await TryReadAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            LogOperationFailed(_logger, exception, "read", stateName, id, path);
            throw;
        }
        finally
        {
            fileLock.Release();
        }

        if (stored is not { } state)
        {
            ResetState(grainState);
            LogStateNotFound(_logger, stateName, id, path);
            return;
        }

        if (!string.Equals(state.GrainId, id, StringComparison.Ordinal))
        {
            // Only a SHA-256 collision of two long ids, or a file copied by hand, gets here.
            throw new InvalidDataException($"'{path}' holds the state of grain '{state.GrainId}', not of '{id}'.");
        }

        grainState.State = Serializer.Deserialize<T>(new BinaryData(state.Payload));
        grainState.ETag = state.ETag;
        grainState.RecordExists = true;
        LogStateRead(_logger, stateName, id, state.ETag, path);
    }

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        WriteStateAsync(stateName, grainId, grainState, CancellationToken.None);

    public async Task WriteStateAsync<T>(
        string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        var id = grainId.ToString();
        var path = GetStatePath(stateName, id);

        // Serialized outside the lock: it is CPU work that needs no file.
        var payload = Serializer.Serialize(grainState.State).ToMemory();
        var etag = Guid.NewGuid();
        var header = StateFileFormat.EncodeHeader(etag, id, payload.Length);

        var fileLock = _locks.For(path);
        await fileLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var storedETag = await TryReadETagAsync(path, cancellationToken).ConfigureAwait(false);
            ThrowIfConflict("write", stateName, id, storedETag, grainState.ETag);
            await ReplaceAsync(path, etag, header, payload, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not InconsistentStateException)
        {
            LogOperationFailed(_logger, exception, "write", stateName, id, path);
            throw;
        }
        finally
        {
            fileLock.Release();
        }

        grainState.ETag = StateFileFormat.FormatETag(etag);
        grainState.RecordExists = true;
        LogStateWritten(_logger, stateName, id, grainState.ETag, payload.Length, path);
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        ClearStateAsync(stateName, grainId, grainState, CancellationToken.None);

    public async Task ClearStateAsync<T>(
        string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        var id = grainId.ToString();
        var path = GetStatePath(stateName, id);
        var fileLock = _locks.For(path);
        await fileLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var storedETag = await TryReadETagAsync(path, cancellationToken).ConfigureAwait(false);
            ThrowIfConflict("clear", stateName, id, storedETag, grainState.ETag);

            // Deleting rather than keeping a tombstone is safe because ETags are GUIDs: a later
            // record can never reuse the ETag a stale grain still holds.
            if (storedETag is not null)
            {
                File.Delete(path);
            }
        }
        catch (Exception exception) when (exception is not InconsistentStateException)
        {
            LogOperationFailed(_logger, exception, "clear", stateName, id, path);
            throw;
        }
        finally
        {
            fileLock.Release();
        }

        ResetState(grainState);
        LogStateCleared(_logger, stateName, id, path);
    }

    private string GetStatePath(string stateName, string grainId) =>
        Path.Combine(
            RootDirectory,
            StateFileNames.Escape(stateName),
            StateFileNames.Escape(grainId) + StateFileNames.StateExtension);

    // The options validator reports a missing serializer at start; this is the last line for a
    // provider used without a silo.
    private IGrainStorageSerializer Serializer =>
        _options.GrainStorageSerializer
        ?? throw new InvalidOperationException($"{nameof(FileGrainStorage)} '{_name}' has no grain storage serializer.");

    private static readonly TimeSpan StaleTempFileAge = TimeSpan.FromMinutes(5);

    private Task InitAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(RootDirectory);

        // A temporary file is what a crash between create and rename leaves behind. Reads never
        // open one, so removing them is tidiness, not correctness. Only files older than any write
        // can take are removed: test clusters run several silos over one directory, and a file
        // another silo is about to rename must not vanish under it.
        var removed = 0;
        var staleBefore = DateTime.UtcNow - StaleTempFileAge;
        foreach (var temp in Directory.EnumerateFiles(RootDirectory, "*" + StateFileNames.TempExtension, SearchOption.AllDirectories))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (File.GetLastWriteTimeUtc(temp) > staleBefore)
            {
                continue;
            }

            try
            {
                File.Delete(temp);
                removed++;
            }
            catch (IOException exception)
            {
                LogTempFileNotRemoved(_logger, exception, temp);
            }
            catch (UnauthorizedAccessException exception)
            {
                LogTempFileNotRemoved(_logger, exception, temp);
            }
        }

        LogStarted(_logger, _name, RootDirectory, removed);
        return Task.CompletedTask;
    }

    private static async Task<StoredState?> TryReadAsync(string path, CancellationToken cancellationToken)
    {
        byte[] bytes;
        try
        {
            bytes = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }

        return StateFileFormat.Decode(bytes, path);
    }

    private static async Task<string?> TryReadETagAsync(string path, CancellationToken cancellationToken)
    {
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.Asynchronous);
        }
        catch (Exception exception) when (exception is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }

        await using (stream.ConfigureAwait(false))
        {
            var prefix = new byte[StateFileFormat.ETagPrefixLength];
            var read = await stream.ReadAtLeastAsync(prefix, prefix.Length, throwOnEndOfStream: false, cancellationToken)
                .ConfigureAwait(false);
            return StateFileFormat.DecodeETag(prefix.AsSpan(0, read), path);
        }
    }

    private static async Task ReplaceAsync(
        string path, Guid etag, byte[] header, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);

        // Unique per write, in the same directory so the rename never crosses a file system.
        var temp = $"{path}.{etag:N}{StateFileNames.TempExtension}";
        try
        {
            var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0, FileOptions.Asynchronous);
            await using (stream.ConfigureAwait(false))
            {
                await stream.WriteAsync(header, cancellationToken).ConfigureAwait(false);
                await stream.WriteAsync(payload, cancellationToken).ConfigureAwait(false);

                // The data must be on disk before the rename publishes it; otherwise a power
                // loss could leave the new name pointing at empty blocks.
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, path, overwrite: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Left for the clean-up at the next start; reads ignore it meanwhile.
        }
        catch (UnauthorizedAccessException)
        {
            // As above.
        }
    }

    private void ThrowIfConflict(string operation, string stateName, string grainId, string? storedETag, string? grainETag)
    {
        if (string.Equals(storedETag, grainETag, StringComparison.Ordinal))
        {
            return;
        }

        LogETagConflict(_logger, operation, stateName, grainId, storedETag, grainETag);
        throw new InconsistentStateException(
            $"ETag conflict on {operation} of state '{stateName}' of grain '{grainId}' in {nameof(FileGrainStorage)} '{_name}': "
            + $"stored ETag {storedETag ?? "(none)"}, grain's ETag {grainETag ?? "(none)"}.",
            storedETag ?? string.Empty,
            grainETag ?? string.Empty);
    }

    private void ResetState<T>(IGrainState<T> grainState)
    {
        grainState.State = _activatorProvider.GetActivator<T>().Create();
        grainState.ETag = null;
        grainState.RecordExists = false;
    }
}
