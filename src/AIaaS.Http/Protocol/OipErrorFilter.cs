using AIaaS.Errors;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace AIaaS.Http.Protocol;

/// <summary>
/// Turns every failure of a protocol endpoint into <c>{"error": "..."}</c> with a fitting status,
/// so no request ends in an empty 500 and no failure reaches the host.
/// </summary>
internal sealed partial class OipErrorFilter(ILogger<OipErrorFilter> logger) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (InferenceException ex)
        {
            return ErrorResponses.From(ex);
        }
        catch (BadHttpRequestException ex)
        {
            if (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
            {
                // The rest of the body stays unread, so Kestrel drops the connection after the
                // response; saying so keeps the client from sending its next request on it.
                context.HttpContext.Response.Headers.Connection = "close";
            }

            return ErrorResponses.Error(ex.StatusCode, ex.Message);
        }
        catch (Exception ex) when (ex is SiloUnavailableException or OrleansMessageRejectionException or TimeoutException)
        {
            LogUnavailable(logger, context.HttpContext.Request.Path, ex);
            return ErrorResponses.Error(StatusCodes.Status503ServiceUnavailable, $"the cluster could not serve the request: {ex.Message}");
        }
        catch (OperationCanceledException) when (context.HttpContext.RequestAborted.IsCancellationRequested)
        {
            // The caller went away; nobody reads a response.
            return Results.Empty;
        }
        catch (Exception ex)
        {
            LogUnexpected(logger, context.HttpContext.Request.Path, ex);
            return ErrorResponses.Error(StatusCodes.Status500InternalServerError, $"internal error: {ex.Message}");
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Path}: the cluster could not serve the request")]
    private static partial void LogUnavailable(ILogger logger, PathString path, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Path}: unexpected failure")]
    private static partial void LogUnexpected(ILogger logger, PathString path, Exception exception);
}
