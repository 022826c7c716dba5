namespace AIaaS.Models;

/// <summary>
/// One tensor a session carries between steps: the output <see cref="OutputName"/> of one step
/// becomes the input <see cref="InputName"/> of the next (Triton's implicit state). When
/// <see cref="OutputName"/> names an input instead, the last <see cref="Dims"/> elements of that
/// input are carried (silero's 64 samples of context).
/// </summary>
[GenerateSerializer, Immutable, Alias("aiaas.sequence-state")]
public sealed record SequenceStateConfig
{
    [Id(0)] public string InputName { get; init; } = "";

    [Id(1)] public string OutputName { get; init; } = "";

    [Id(2)] public string DataType { get; init; } = "TYPE_FP32";

    /// <summary>Shape of one session's state, without the batch axis.</summary>
    [Id(3)] public long[] Dims { get; init; } = [];

    /// <summary>Axis on which the states of many sessions stack.</summary>
    [Id(4)] public int BatchAxis { get; init; }
}
