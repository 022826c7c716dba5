using AIaaS.Models;
using AIaaS.Tensors;

namespace AIaaS.Inference.Execution;

/// <summary>
/// What a model serves: its ONNX graph's inputs and outputs narrowed by the <c>input</c> and
/// <c>output</c> declarations of its configuration (Triton's), and the reshapes between what callers
/// send and what the graph takes. Requests are validated against <see cref="Signature"/>; the graph
/// sees <see cref="ToGraph"/>'s tensors, callers <see cref="FromGraph"/>'s.
/// </summary>
internal sealed class DeclaredSignature
{
    private readonly bool _batched;
    // Names of reshaped tensors and their shape without the batch axis: the graph's for inputs, the declared one for outputs.
    private readonly Dictionary<string, long[]> _inputReshapes;
    private readonly Dictionary<string, long[]> _outputReshapes;

    private DeclaredSignature(ModelSignature signature, bool batched, Dictionary<string, long[]> inputReshapes, Dictionary<string, long[]> outputReshapes)
    {
        Signature = signature;
        _batched = batched;
        _inputReshapes = inputReshapes;
        _outputReshapes = outputReshapes;
    }

    /// <summary>Inputs and outputs as callers see them, in the graph's order.</summary>
    public ModelSignature Signature { get; }

    /// <summary>Whether any tensor changes shape between the caller and the graph.</summary>
    public bool Reshapes => _inputReshapes.Count > 0 || _outputReshapes.Count > 0;

    /// <summary>
    /// Applies <paramref name="config"/>'s declarations to the graph's <paramref name="graph"/>.
    /// A declaration the graph contradicts (an unknown name, another datatype or rank, a fixed
    /// dimension of another size) fails with every such error, each naming the field.
    /// </summary>
    /// <exception cref="InvalidDataException">The declarations do not fit the graph.</exception>
    public static DeclaredSignature Apply(ModelSignature graph, ModelConfig config)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(config);
        var batched = config.MaxBatchSize > 0;
        var errors = new List<string>();
        var inputReshapes = new Dictionary<string, long[]>(StringComparer.Ordinal);
        var outputReshapes = new Dictionary<string, long[]>(StringComparer.Ordinal);
        var inputs = Narrow(graph.Inputs, config.Input, "input", batched, inputReshapes, errors);
        var outputs = Narrow(graph.Outputs, config.Output, "output", batched, outputReshapes, errors);
        if (errors.Count > 0)
        {
            throw new InvalidDataException($"model '{config.Name}': the declared inputs and outputs do not fit its ONNX graph: {string.Join("; ", errors)}");
        }

        return new DeclaredSignature(new ModelSignature(inputs, outputs), batched, inputReshapes, outputReshapes);
    }

    /// <summary>The inputs as the graph takes them: reshaped ones get the graph's shape over the same bytes.</summary>
    public IReadOnlyList<TensorPayload> ToGraph(IReadOnlyList<TensorPayload> inputs) => Reshape(inputs, _inputReshapes);

    /// <summary>The outputs as callers receive them: reshaped ones get the declared shape over the same bytes.</summary>
    public IReadOnlyList<TensorPayload> FromGraph(IReadOnlyList<TensorPayload> outputs) => Reshape(outputs, _outputReshapes);

    private IReadOnlyList<TensorPayload> Reshape(IReadOnlyList<TensorPayload> tensors, Dictionary<string, long[]> reshapes)
    {
        if (reshapes.Count == 0)
        {
            return tensors;
        }

        var result = new TensorPayload[tensors.Count];
        for (var i = 0; i < result.Length; i++)
        {
            var tensor = tensors[i];
            result[i] = reshapes.TryGetValue(tensor.Name, out var dims)
                ? new TensorPayload(tensor.Name, tensor.DataType, ShapeOf(tensor, dims), tensor.Data)
                : tensor;
        }

        return result;
    }

    private long[] ShapeOf(TensorPayload tensor, long[] dims)
    {
        var offset = _batched ? 1 : 0;
        var shape = new long[dims.Length + offset];
        if (_batched)
        {
            shape[0] = tensor.Shape[0];
        }

        dims.CopyTo(shape, offset);
        var open = Array.IndexOf(shape, -1L, offset);
        if (open >= 0)
        {
            // Validation held the element count to the declared dims, so the division is exact.
            long known = 1;
            for (var d = 0; d < shape.Length; d++)
            {
                known *= d == open ? 1 : shape[d];
            }

            shape[open] = known == 0 ? 0 : tensor.ElementCount / known;
        }

        return shape;
    }

    private static TensorSpec[] Narrow(
        IReadOnlyList<TensorSpec> graph,
        ModelTensorConfig[]? declared,
        string field,
        bool batched,
        Dictionary<string, long[]> reshapes,
        List<string> errors)
    {
        var specs = graph.ToArray();
        if (declared is null)
        {
            return specs;
        }

        for (var i = 0; i < declared.Length; i++)
        {
            var tensor = declared[i];
            var at = $"{field}[{i}] '{tensor.Name}'";
            var index = Array.FindIndex(specs, s => string.Equals(s.Name, tensor.Name, StringComparison.Ordinal));
            if (index < 0)
            {
                errors.Add($"{at} is not an {field} of the graph, whose {field}s are {string.Join(", ", graph.Select(s => s.Name))}");
                continue;
            }

            var graphSpec = specs[index];
            if (!TensorDataTypes.TryParseConfigName(tensor.DataType, out var type) || type != graphSpec.DataType)
            {
                errors.Add($"{at} has data_type {tensor.DataType} but the graph's is {graphSpec.DataType.ToConfigName()}");
                continue;
            }

            var declaredShape = WithBatch(tensor.Dims, batched);
            var graphShape = WithBatch(tensor.Reshape?.Shape ?? tensor.Dims, batched);
            if (graphShape.Length != graphSpec.Shape.Length)
            {
                errors.Add($"{at} has {Describe(graphShape)} (batch axis included) but the graph's is {Describe(graphSpec.Shape)}: another rank");
                continue;
            }

            var fits = true;
            for (var d = 0; d < graphShape.Length; d++)
            {
                if (graphShape[d] >= 0 && graphSpec.Shape[d] >= 0 && graphShape[d] != graphSpec.Shape[d])
                {
                    errors.Add($"{at} dimension {d} is {graphShape[d]} but the graph's is {graphSpec.Shape[d]} ({Describe(graphSpec.Shape)})");
                    fits = false;
                }
            }

            if (!fits)
            {
                continue;
            }

            if (tensor.Reshape is not null)
            {
                reshapes[tensor.Name] = field == "input" ? tensor.Reshape.Shape : tensor.Dims;
            }
            else
            {
                // The narrower of the two: a dimension either side fixes stays fixed.
                for (var d = 0; d < declaredShape.Length; d++)
                {
                    if (declaredShape[d] < 0)
                    {
                        declaredShape[d] = graphSpec.Shape[d];
                    }
                }
            }

            specs[index] = new TensorSpec(graphSpec.Name, graphSpec.DataType, declaredShape) { MultipleOf = tensor.MultipleOf };
        }

        return specs;
    }

    private static long[] WithBatch(long[] dims, bool batched) => batched ? [-1, .. dims] : [.. dims];

    private static string Describe(long[] shape) => $"[{string.Join(',', shape)}]";
}
