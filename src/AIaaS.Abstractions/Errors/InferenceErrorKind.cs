namespace AIaaS.Errors;

/// <summary>Why a call failed; each kind maps to one HTTP status at the front.</summary>
public enum InferenceErrorKind
{
    /// <summary>The request is malformed or does not match the model (400).</summary>
    InvalidArgument = 1,
    /// <summary>No API key, or an unknown one (401).</summary>
    Unauthenticated,
    /// <summary>The tenant may not use this model or session (403).</summary>
    PermissionDenied,
    /// <summary>Unknown model, version or session (404).</summary>
    NotFound,
    /// <summary>A quota or rate limit was hit (429).</summary>
    ResourceExhausted,
    /// <summary>The model is not ready, its queue is full, or no silo can host it (503).</summary>
    Unavailable,
    /// <summary>The request's timeout passed before it ran (504).</summary>
    DeadlineExceeded,
    /// <summary>A fault of the server, not of the request (500).</summary>
    Internal,
    /// <summary>The request conflicts with the state it acts on, such as a session step out of order (409).</summary>
    Conflict,
}
