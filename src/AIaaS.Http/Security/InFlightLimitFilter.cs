using System.Globalization;
using AIaaS.Http.Hosting;
using AIaaS.Http.Protocol;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace AIaaS.Http.Security;

/// <summary>
/// The front's own admission control: at most <see cref="AIaaSHttpOptions.MaxInFlightRequests"/>
/// inference requests at once (one instance per front, shared by every route); the next gets 503
/// with <c>Retry-After: 1</c> before its body is read or a grain is called.
/// </summary>
internal sealed class InFlightLimitFilter(IOptions<AIaaSHttpOptions> options) : IEndpointFilter
{
    private readonly int _limit = options.Value.MaxInFlightRequests;
    private int _inFlight;

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        if (_limit <= 0)
        {
            return await next(context);
        }

        if (Interlocked.Increment(ref _inFlight) > _limit)
        {
            Interlocked.Decrement(ref _inFlight);
            context.HttpContext.Response.Headers[HeaderNames.RetryAfter] = "1";
            return ErrorResponses.Error(StatusCodes.Status503ServiceUnavailable,
                string.Create(CultureInfo.InvariantCulture, $"the server is at its limit of {_limit} inference requests in flight (AIaaS:Http:MaxInFlightRequests); retry shortly"));
        }

        try
        {
            var result = await next(context);
            if (result is IResult written)
            {
                await written.ExecuteAsync(context.HttpContext);
                return Results.Empty;
            }

            return result;
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }
}
