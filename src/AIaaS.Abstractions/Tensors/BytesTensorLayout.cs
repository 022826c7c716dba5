namespace AIaaS.Tensors;

/// <summary>What <see cref="BytesTensorCodec.Inspect"/> found in a BYTES buffer.</summary>
/// <param name="Status">Valid, or the first thing wrong.</param>
/// <param name="Elements">Well-formed elements read before the status was decided.</param>
/// <param name="Offset">Where the problem starts; the buffer's length when it is valid or the count is wrong.</param>
/// <param name="Length">For <see cref="BytesTensorLayoutStatus.LengthPastEnd"/>, the length the prefix claims.</param>
internal readonly record struct BytesTensorLayout(BytesTensorLayoutStatus Status, long Elements, int Offset, uint Length)
{
    public bool IsValid => Status == BytesTensorLayoutStatus.Valid;
}
