namespace AIaaS.Tensors;

/// <summary>Element types of the Open Inference Protocol (KServe V2), as Triton names them.</summary>
public enum TensorDataType : byte
{
    Bool = 1,
    UInt8,
    UInt16,
    UInt32,
    UInt64,
    Int8,
    Int16,
    Int32,
    Int64,
    Fp16,
    Fp32,
    Fp64,
    /// <summary>Variable-length byte strings; the data holds each element as a 4-byte little-endian length then its bytes.</summary>
    Bytes,
}
