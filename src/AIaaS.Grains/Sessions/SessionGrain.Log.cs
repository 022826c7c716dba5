using Microsoft.Extensions.Logging;

namespace AIaaS.Grains.Sessions;

internal sealed partial class SessionGrain
{
    [LoggerMessage(Level = LogLevel.Debug, Message = "Session {Session} started on {Model} v{Version}")]
    private static partial void LogStarted(ILogger logger, string session, string model, int version);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Session {Session} of {Model} v{Version} resumed from stored state at step {Step}")]
    private static partial void LogResumed(ILogger logger, string session, string model, int version, long step);

    [LoggerMessage(Level = LogLevel.Information, Message = "Session {Session} of {Model} released ({Reason})")]
    private static partial void LogReleased(ILogger logger, string session, string model, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Session {Session}: step {Step} arrived for a session that is not open (stored: {Stored}, ended: {Ended})")]
    private static partial void LogNotOpen(ILogger logger, string session, long? step, bool stored, bool ended);
}
