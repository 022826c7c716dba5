using AIaaS.Requests;

namespace AIaaS.Http.Protocol;

/// <summary>
/// A parsed inference request as the HTTP layer sees it: the wire request the router takes, plus
/// how the response is to be encoded, which only the protocol cares about and so never travels
/// to the grains. <paramref name="Sequence"/> is set when the request is a session step (Triton's sequence extension).
/// </summary>
internal sealed record OipInferenceRequest(InferenceRequest Request, BinaryOutputSelection BinaryOutputs, SequenceParameters? Sequence = null);
