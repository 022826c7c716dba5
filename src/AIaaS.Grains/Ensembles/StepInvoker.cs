using AIaaS.Requests;

namespace AIaaS.Grains.Ensembles;

/// <summary>Calls one step's model: on a silo, the silo's router (so the step batches in its own model's scheduler).</summary>
internal delegate Task<InferenceResponse> StepInvoker(string model, string? version, InferenceRequest request);
