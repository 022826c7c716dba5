namespace AIaaS.Grains.Storage;

/// <summary>One decoded state file: its ETag, the grain it belongs to, and the serialized state.</summary>
internal readonly record struct StoredState(string ETag, string GrainId, ReadOnlyMemory<byte> Payload);
