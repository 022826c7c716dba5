namespace AIaaS.Http.Protocol;

/// <summary>
/// Which outputs the caller wants as binary tensor data (Triton's binary tensor data extension):
/// the request parameter <c>binary_data_output</c> sets the default for every output, and a
/// requested output's <c>binary_data</c> parameter overrides it for that output.
/// </summary>
internal sealed class BinaryOutputSelection
{
    private readonly IReadOnlyDictionary<string, bool> _perOutput;

    public BinaryOutputSelection(bool binaryDataOutput, IReadOnlyDictionary<string, bool> perOutput)
    {
        BinaryDataOutput = binaryDataOutput;
        _perOutput = perOutput;
    }

    /// <summary>Every output in JSON: what a request without the extension's parameters asks for.</summary>
    public static BinaryOutputSelection None { get; } = new(false, new Dictionary<string, bool>());

    /// <summary>The request parameter <c>binary_data_output</c>: the default for outputs without their own <c>binary_data</c>.</summary>
    public bool BinaryDataOutput { get; }

    public bool IsBinary(string outputName) => _perOutput.TryGetValue(outputName, out var binary) ? binary : BinaryDataOutput;
}
