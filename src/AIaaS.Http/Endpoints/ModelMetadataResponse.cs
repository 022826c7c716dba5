namespace AIaaS.Http.Endpoints;

/// <summary>Model metadata, <c>GET /v2/models/{m}</c>.</summary>
internal sealed record ModelMetadataResponse(string Name, IReadOnlyList<string> Versions, string Platform, IReadOnlyList<TensorMetadataResponse> Inputs, IReadOnlyList<TensorMetadataResponse> Outputs);
