using AIaaS.Errors;
using AIaaS.Requests;
using AIaaS.Tensors;

namespace AIaaS.Grains.Ensembles;

/// <summary>
/// Fits a step's rows to its model's batch axis: a step with no rows (a blank page has no lines) is
/// not called and gets empty outputs; a step with more rows than the model's
/// <c>max_batch_size</c> is called in parts at once (slices of the inputs, no copy), and the
/// parts' outputs are joined. Models without a batch axis (processors) take the rows whole.
/// </summary>
internal static class StepBatches
{
    public static async Task<IReadOnlyList<TensorPayload>> RunAsync(EnsembleStep step, TensorPayload[] inputs, InferenceRequest request, StepInvoker invoke)
    {
        var outputs = step.Outputs.Select(o => o.Key).ToArray();
        var max = step.Config.MaxBatchSize;
        var rows = inputs.Length > 0 && inputs[0].Shape.Length > 0 ? inputs[0].Shape[0] : -1;
        var rowsAgree = max > 0 && rows >= 0 && inputs.All(i => i.Shape.Length > 0 && i.Shape[0] == rows && i.DataType != TensorDataType.Bytes);
        if (rowsAgree && rows == 0)
        {
            return [.. outputs.Select(name => Empty(step, name))];
        }

        if (!rowsAgree || rows <= max)
        {
            return (await invoke(step.Model, step.Version, Request(request, inputs, outputs)).ConfigureAwait(false)).Outputs;
        }

        var parts = new List<Task<InferenceResponse>>();
        for (long start = 0; start < rows; start += max)
        {
            var count = Math.Min(max, rows - start);
            var slices = inputs.Select(i => Slice(i, rows, start, count)).ToArray();
            parts.Add(invoke(step.Model, step.Version, Request(request, slices, outputs)));
        }

        var responses = await Task.WhenAll(parts).ConfigureAwait(false);
        // By name, as the scheduler reads them: a replica's answer need not keep the requested order.
        return [.. outputs.Select(name => Join([.. responses.Select(r => r.Outputs.First(t => t.Name == name))]))];
    }

    private static InferenceRequest Request(InferenceRequest pipeline, TensorPayload[] inputs, string[] outputs) => new()
    {
        Id = pipeline.Id,
        Inputs = inputs,
        Outputs = outputs,
        Priority = pipeline.Priority,
        TimeoutMicroseconds = pipeline.TimeoutMicroseconds,
        Tenant = pipeline.Tenant,
    };

    private static TensorPayload Empty(EnsembleStep step, string output)
    {
        var spec = step.Signature.Outputs.First(o => o.Name == output);
        var shape = spec.Shape.Select(d => d < 0 ? 0L : d).ToArray();
        shape[0] = 0;
        return new TensorPayload(output, spec.DataType, shape, ReadOnlyMemory<byte>.Empty);
    }

    private static TensorPayload Slice(TensorPayload tensor, long rows, long start, long count)
    {
        var rowBytes = tensor.Data.Length / rows;
        var shape = (long[])tensor.Shape.Clone();
        shape[0] = count;
        return new TensorPayload(tensor.Name, tensor.DataType, shape, tensor.Data.Slice(checked((int)(start * rowBytes)), checked((int)(count * rowBytes))));
    }

    private static TensorPayload Join(TensorPayload[] parts)
    {
        var first = parts[0];
        if (parts.Any(p => p.DataType != first.DataType || !p.Shape.AsSpan(1).SequenceEqual(first.Shape.AsSpan(1))))
        {
            throw new InferenceException(InferenceErrorKind.Internal, $"the parts of output '{first.Name}' have different shapes and cannot be joined");
        }

        var data = new byte[parts.Sum(p => p.Data.Length)];
        var offset = 0;
        foreach (var part in parts)
        {
            part.Data.Span.CopyTo(data.AsSpan(offset));
            offset += part.Data.Length;
        }

        var shape = (long[])first.Shape.Clone();
        shape[0] = parts.Sum(p => p.Shape[0]);
        return new TensorPayload(first.Name, first.DataType, shape, data);
    }
}
