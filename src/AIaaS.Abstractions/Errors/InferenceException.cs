namespace AIaaS.Errors;

/// <summary>
/// A failure the caller can act on. It crosses grain calls intact, so the front and the SDK
/// see the same kind and message the replica raised.
/// </summary>
[GenerateSerializer, Alias("aiaas.inference-exception")]
public sealed class InferenceException : Exception
{
    public InferenceException(InferenceErrorKind kind, string message)
        : base(message) => Kind = kind;

    public InferenceException(InferenceErrorKind kind, string message, Exception innerException)
        : base(message, innerException) => Kind = kind;

    [Id(0)] public InferenceErrorKind Kind { get; private set; }

    public static InferenceException InvalidArgument(string message) => new(InferenceErrorKind.InvalidArgument, message);

    public static InferenceException NotFound(string message) => new(InferenceErrorKind.NotFound, message);

    public static InferenceException Unavailable(string message) => new(InferenceErrorKind.Unavailable, message);
}
