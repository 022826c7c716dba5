namespace AIaaS.Models;

/// <summary>
/// One <c>input</c> or <c>output</c> entry of <c>config.json</c>, with Triton's names: what callers
/// send or receive. It narrows what the ONNX graph declares (a dimension the graph leaves open may
/// be fixed here), and the model's metadata reports it.
/// A pipeline declares the tensors it returns in <c>output</c>; there <c>data_type</c> and <c>dims</c>
/// are optional (empty) and, when given, checked against the step that produces the tensor.
/// </summary>
[GenerateSerializer, Immutable, Alias("aiaas.model-tensor-config")]
public sealed record ModelTensorConfig
{
    [Id(0)] public string Name { get; init; } = "";

    /// <summary>Triton's type name: <c>TYPE_FP32</c>, <c>TYPE_INT64</c>, <c>TYPE_STRING</c> (BYTES)...</summary>
    [Id(1)] public string DataType { get; init; } = "";

    /// <summary>
    /// The shape without the batch axis when <c>max_batch_size</c> is above 0 (Triton's rule), the
    /// whole shape otherwise; -1 for a dimension of any size.
    /// </summary>
    [Id(2)] public long[] Dims { get; init; } = [];

    /// <summary>The shape the graph takes (input) or gives (output) instead of <see cref="Dims"/>, same element count.</summary>
    [Id(3)] public ModelTensorReshape? Reshape { get; init; }

    /// <summary>
    /// Ours: every dimension declared -1 (the batch axis aside) must be a positive multiple of this;
    /// 0 means any size. ppocr-det's graph only runs on heights and widths that are multiples of 32.
    /// </summary>
    [Id(4)] public int MultipleOf { get; init; }

    /// <summary>
    /// Triton's name, our meaning (padding, not Triton's flattening): requests whose first dimension
    /// after the batch axis differs still batch together; the batch is padded with zeros to the
    /// longest. On an output, each request's rows are cut back to its own length on that dimension.
    /// all-MiniLM-L6-v2's <c>input_ids</c>, <c>attention_mask</c>, <c>token_type_ids</c> and <c>last_hidden_state</c>.
    /// </summary>
    [Id(5)] public bool AllowRaggedBatch { get; init; }
}
