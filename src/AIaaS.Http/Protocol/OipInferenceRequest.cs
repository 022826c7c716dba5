using AIaaS.Inference;

namespace AIaaS.Http.Protocol;

/// <summary>
/// A parsed inference request as the HTTP layer sees it: the wire request the router takes, plus
/// how the response is to be encoded, which only the protocol cares about and so never travels
/// to the grains.
/// </summary>
public sealed record OipInferenceRequest(InferenceRequest Request, BinaryOutputSelection BinaryOutputs);
