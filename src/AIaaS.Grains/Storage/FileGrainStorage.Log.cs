using Microsoft.Extensions.Logging;

namespace AIaaS.Grains.Storage;

internal sealed partial class FileGrainStorage
{
    [LoggerMessage(Level = LogLevel.Information,
        Message = "File grain storage {Name} started in {RootDirectory}; removed {Removed} temporary files left by an earlier crash")]
    private static partial void LogStarted(ILogger logger, string name, string rootDirectory, int removed);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not remove the temporary file {Path}; reads ignore it")]
    private static partial void LogTempFileNotRemoved(ILogger logger, Exception exception, string path);

    [LoggerMessage(Level = LogLevel.Trace, Message = "Read state {StateName} of {GrainId}, ETag {ETag}, from {Path}")]
    private static partial void LogStateRead(ILogger logger, string stateName, string grainId, string eTag, string path);

    [LoggerMessage(Level = LogLevel.Trace, Message = "No state {StateName} of {GrainId} at {Path}")]
    private static partial void LogStateNotFound(ILogger logger, string stateName, string grainId, string path);

    [LoggerMessage(Level = LogLevel.Trace, Message = "Wrote state {StateName} of {GrainId}, ETag {ETag}, {Bytes} bytes, to {Path}")]
    private static partial void LogStateWritten(ILogger logger, string stateName, string grainId, string eTag, int bytes, string path);

    [LoggerMessage(Level = LogLevel.Trace, Message = "Cleared state {StateName} of {GrainId} at {Path}")]
    private static partial void LogStateCleared(ILogger logger, string stateName, string grainId, string path);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "ETag conflict on {Operation} of state {StateName} of {GrainId}: stored {StoredETag}, grain had {GrainETag}")]
    private static partial void LogETagConflict(
        ILogger logger, string operation, string stateName, string grainId, string? storedETag, string? grainETag);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not {Operation} state {StateName} of {GrainId} at {Path}")]
    private static partial void LogOperationFailed(
        ILogger logger, Exception exception, string operation, string stateName, string grainId, string path);
}
