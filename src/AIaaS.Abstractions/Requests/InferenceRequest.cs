using AIaaS.Tensors;

namespace AIaaS.Requests;

/// <summary>One inference call: the inputs, which outputs to return, and request parameters.</summary>
[GenerateSerializer, Immutable, Alias("aiaas.infer-request")]
public sealed class InferenceRequest
{
    /// <summary>Caller's identifier, echoed in the response.</summary>
    [Id(0)] public string? Id { get; init; }

    [Id(1)] public required IReadOnlyList<TensorPayload> Inputs { get; init; }

    /// <summary>Names of the outputs to return; null returns them all.</summary>
    [Id(2)] public IReadOnlyList<string>? Outputs { get; init; }

    /// <summary>Priority level, 1 is highest; 0 means the model's default.</summary>
    [Id(3)] public int Priority { get; init; }

    /// <summary>Time the request may wait in the queue, in microseconds; 0 means the model's default.</summary>
    [Id(4)] public long TimeoutMicroseconds { get; init; }

    /// <summary>Tenant the request is metered to; empty for callers without one.</summary>
    [Id(5)] public string Tenant { get; init; } = "";
}
