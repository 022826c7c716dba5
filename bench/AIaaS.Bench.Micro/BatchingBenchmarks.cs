using AIaaS.Inference.Batching;
using AIaaS.Tensors;
using BenchmarkDotNet.Attributes;

namespace AIaaS.Bench.Micro;

/// <summary>
/// What the dynamic batcher adds to a run of ppocr-cls: concatenating <see cref="Requests"/>
/// single-image requests into one batch (from the array pool) and splitting a batch's output back.
/// </summary>
[MemoryDiagnoser]
public class BatchingBenchmarks
{
    private IReadOnlyList<TensorPayload>[] _requests = [];
    private IReadOnlyList<TensorPayload> _outputs = [];
    private int[] _sizes = [];

    [Params(1, 4, 16)]
    public int Requests { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _requests = [.. Enumerable.Range(0, Requests).Select(i => (IReadOnlyList<TensorPayload>)[MicroInputs.Images(1, i)])];
        _sizes = [.. Enumerable.Repeat(1, Requests)];
        // ppocr-cls's output: two class scores per image.
        _outputs = [new TensorPayload("y", TensorDataType.Fp32, [Requests, 2], new byte[Requests * 2 * sizeof(float)])];
    }

    [Benchmark]
    public int Assemble()
    {
        using var batch = BatchAssembler.Assemble(_requests);
        return batch.TotalBatchSize;
    }

    [Benchmark]
    public int Split() => BatchSplitter.Split(_outputs, _sizes).Length;

    [Benchmark]
    public int BatchSizeOf() => BatchAssembler.BatchSizeOf(_requests[0]);
}
