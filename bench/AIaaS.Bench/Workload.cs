using AIaaS.Cli.Bench;
using AIaaS.Inference.Execution;
using AIaaS.Tensors;

namespace AIaaS.Bench;

/// <summary>
/// What every path of one model sends: inputs made by <c>aiaas bench</c>'s generator from the
/// model's signature, fixed pseudo-random data, the same bytes for raw ORT and the serving paths.
/// </summary>
internal sealed class Workload(string model, IReadOnlyList<RawConfiguration> raw, IReadOnlyList<InputShape> shapes) : IDisposable
{
    private const int Seed = 42;

    public string Model { get; } = model;

    /// <summary>A session with ONNX Runtime's defaults (one intra-op thread per core, spinning).</summary>
    public OnnxModel Raw => RawConfigurations[0].Session;

    /// <summary>Every raw configuration the ceiling is measured in, ONNX Runtime's defaults first: the ceiling is the best of them.</summary>
    public IReadOnlyList<RawConfiguration> RawConfigurations { get; } = raw;

    public IReadOnlyList<TensorPayload> Inputs(int batch) => SyntheticInputs.Create(Raw.Signature.Inputs, batch, shapes, Seed);

    /// <summary><c>x FP32 [1,16]</c>, for headings.</summary>
    public string Describe() => string.Join("; ", Inputs(1).Select(i => $"{i.Name} {i.DataType.ToProtocolName()} [{string.Join(",", i.Shape)}]"));

    public void Dispose()
    {
        foreach (var session in RawConfigurations.Select(c => c.Session).Distinct())
        {
            session.Dispose();
        }
    }
}
