namespace AIaaS.Http.Endpoints;

/// <summary>One input or output in model metadata; -1 marks a variable dimension.</summary>
internal sealed record TensorMetadataResponse(string Name, string Datatype, IReadOnlyList<long> Shape);
