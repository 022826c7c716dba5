namespace AIaaS.Tensors;

/// <summary>Whether a BYTES buffer is well-formed, or the first way it is not.</summary>
internal enum BytesTensorLayoutStatus
{
    /// <summary>Exactly the expected number of elements, each within the buffer.</summary>
    Valid,

    /// <summary>Fewer than four bytes remain where a length prefix should start.</summary>
    TruncatedLength,

    /// <summary>A length prefix claims more bytes than remain after it.</summary>
    LengthPastEnd,

    /// <summary>Well-formed, but with another number of elements than expected.</summary>
    CountMismatch,
}
