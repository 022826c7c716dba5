using AIaaS.Errors;
using Microsoft.AspNetCore.Http;

namespace AIaaS.Http.Protocol;

/// <summary>The protocol's error body, <c>{"error": "..."}</c>, with the status that fits each failure.</summary>
internal static class ErrorResponses
{
    public static int StatusCodeOf(InferenceErrorKind kind) => kind switch
    {
        InferenceErrorKind.InvalidArgument => StatusCodes.Status400BadRequest,
        InferenceErrorKind.Unauthenticated => StatusCodes.Status401Unauthorized,
        InferenceErrorKind.PermissionDenied => StatusCodes.Status403Forbidden,
        InferenceErrorKind.NotFound => StatusCodes.Status404NotFound,
        InferenceErrorKind.ResourceExhausted => StatusCodes.Status429TooManyRequests,
        InferenceErrorKind.Unavailable => StatusCodes.Status503ServiceUnavailable,
        InferenceErrorKind.DeadlineExceeded => StatusCodes.Status504GatewayTimeout,
        InferenceErrorKind.Conflict => StatusCodes.Status409Conflict,
        _ => StatusCodes.Status500InternalServerError,
    };

    public static IResult Error(int statusCode, string message) =>
        Results.Json(new ErrorBody(message), statusCode: statusCode);

    public static IResult From(InferenceException exception) => Error(StatusCodeOf(exception.Kind), exception.Message);

    /// <summary>The body; one field, as Triton and KServe send it.</summary>
    public sealed record ErrorBody(string Error);
}
