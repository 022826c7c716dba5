using System.Buffers;
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;
using AIaaS.Errors;
using AIaaS.Inference.Tensors;
using AIaaS.Models;
using AIaaS.Tensors;
using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;

namespace AIaaS.Inference.Execution;

/// <summary>
/// One ONNX Runtime session over one model file. <c>Run</c> is synchronous and may be
/// called from many threads at once; the caller runs it off the Orleans scheduler, validates the
/// request first (<see cref="Validation.RequestValidator"/>), and disposes the model only after
/// every call has returned.
/// </summary>
internal sealed partial class OnnxModel : IExecutableModel
{
    // A zero-element tensor still needs a valid address for ONNX Runtime; pinned for the process lifetime.
    private static readonly byte[] EmptyBuffer = GC.AllocateArray<byte>(1, pinned: true);

    private readonly InferenceSession _session;
    // Shared by concurrent runs: ONNX Runtime only reads run options during a run.
    private readonly RunOptions _runOptions;
    private readonly string[] _outputNames;
    private int _disposed;

    private OnnxModel(string modelPath, InferenceSession session, ModelSignature signature, string executionProvider)
    {
        ModelPath = modelPath;
        _session = session;
        Signature = signature;
        ExecutionProvider = executionProvider;
        _runOptions = new RunOptions();
        _outputNames = session.OutputNames.ToArray();
    }

    public string ModelPath { get; }

    /// <summary>Inputs and outputs in the order the graph declares them; symbolic dimensions are -1.</summary>
    public ModelSignature Signature { get; }

    /// <summary><c>CUDA</c> or <c>CPU</c>: where the session actually runs.</summary>
    public string ExecutionProvider { get; }

    /// <summary>
    /// Creates the session: on CUDA when <see cref="OnnxModelOptions.PreferCuda"/> is set and CUDA
    /// takes the model, else on CPU.
    /// </summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">ONNX Runtime cannot load the file, or the model has inputs or outputs the protocol cannot carry.</exception>
    public static OnnxModel Load(string path, OnnxModelOptions options, ILogger logger)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentOutOfRangeException.ThrowIfNegative(options.IntraOpNumThreads);
        ArgumentOutOfRangeException.ThrowIfNegative(options.DeviceId);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"model file '{path}' does not exist", path);
        }

        var started = Stopwatch.GetTimestamp();
        var (session, provider) = CreateSession(path, options, logger);
        try
        {
            var signature = new ModelSignature(
                ReadSpecs(session.InputNames, session.InputMetadata),
                ReadSpecs(session.OutputNames, session.OutputMetadata));
            var model = new OnnxModel(path, session, signature, provider);
            LogLoaded(logger, path, provider, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            return model;
        }
        catch (NotSupportedException ex)
        {
            session.Dispose();
            throw new InvalidDataException($"model '{path}' cannot be served: {ex.Message}", ex);
        }
    }

    /// <summary>
    /// Runs the model. Inputs are passed to ONNX Runtime over their own memory (pinned until the
    /// run returns); each output is copied once into its payload.
    /// </summary>
    /// <param name="inputs">Every model input, validated against <see cref="Signature"/>.</param>
    /// <param name="outputs">Outputs to return, in this order; null for all, in graph order.</param>
    /// <exception cref="InferenceException">ONNX Runtime rejected the inputs (InvalidArgument) or failed (Internal).</exception>
    public IReadOnlyList<TensorPayload> Run(IReadOnlyList<TensorPayload> inputs, IReadOnlyList<string>? outputs = null) =>
        Run(inputs, outputs, out _);

    /// <summary>As <see cref="Run(IReadOnlyList{TensorPayload}, IReadOnlyList{string}?)"/>, also saying how long each phase took.</summary>
    /// <param name="inputs">Every model input, validated against <see cref="Signature"/>.</param>
    /// <param name="outputs">Outputs to return, in this order; null for all, in graph order.</param>
    /// <param name="timings">
    /// Building the ONNX Runtime inputs, ONNX Runtime's run, and copying the outputs into payloads;
    /// set when the run succeeds.
    /// </param>
    /// <exception cref="InferenceException">ONNX Runtime rejected the inputs (InvalidArgument) or failed (Internal).</exception>
    public IReadOnlyList<TensorPayload> Run(IReadOnlyList<TensorPayload> inputs, IReadOnlyList<string>? outputs, out ComputeTimings timings)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);

        var count = inputs.Count;
        var names = new string[count];
        var values = new OrtValue[count];
        var pins = new MemoryHandle[count];
        var created = 0;
        var started = Stopwatch.GetTimestamp();
        try
        {
            for (; created < count; created++)
            {
                var input = inputs[created];
                names[created] = input.Name;
                values[created] = CreateInput(input, out pins[created]);
            }

            var requested = outputs ?? _outputNames;
            var inputsReady = Stopwatch.GetTimestamp();
            using var results = _session.Run(_runOptions, names, values, requested);
            var ran = Stopwatch.GetTimestamp();
            var payloads = new TensorPayload[requested.Count];
            var index = 0;
            foreach (var result in results)
            {
                payloads[index] = ToPayload(requested[index], result);
                index++;
            }

            timings = new ComputeTimings(
                ComputeTimings.Elapsed(started, inputsReady),
                ComputeTimings.Elapsed(inputsReady, ran),
                ComputeTimings.Elapsed(ran, Stopwatch.GetTimestamp()));
            return payloads;
        }
        catch (OnnxRuntimeException ex)
        {
            throw Translate(ex, inputs);
        }
        finally
        {
            for (var i = 0; i < created; i++)
            {
                values[i].Dispose();
                pins[i].Dispose();
            }
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _session.Dispose();
            _runOptions.Dispose();
        }
    }

    private static (InferenceSession Session, string Provider) CreateSession(string path, OnnxModelOptions options, ILogger logger)
    {
        string reason;
        if (!options.PreferCuda)
        {
            reason = "CUDA is not preferred";
        }
        else if (!ExecutionProviders.IsCudaBuilt())
        {
            reason = "this ONNX Runtime build has no CUDA execution provider";
        }
        else
        {
            try
            {
                using var cudaOptions = ExecutionProviders.CreateCuda(options);
                var cudaSession = new InferenceSession(path, cudaOptions);
                LogExecutionProviderChosen(logger, path, ExecutionProviders.Cuda, $"CUDA device {options.DeviceId} took the model");
                return (cudaSession, ExecutionProviders.Cuda);
            }
            catch (Exception ex) when (ex is OnnxRuntimeException or DllNotFoundException or EntryPointNotFoundException)
            {
                // The GPU build lists CUDA even without a driver or device; only trying tells.
                LogCudaFailed(logger, path, options.DeviceId, ex);
                reason = $"CUDA device {options.DeviceId} could not take the model ({ex.Message})";
            }
        }

        using var cpuOptions = ExecutionProviders.CreateCpu(options);
        InferenceSession session;
        try
        {
            session = new InferenceSession(path, cpuOptions);
        }
        catch (OnnxRuntimeException ex)
        {
            throw new InvalidDataException($"ONNX Runtime cannot load model '{path}': {ex.Message}", ex);
        }

        LogExecutionProviderChosen(logger, path, ExecutionProviders.Cpu, reason);
        return (session, ExecutionProviders.Cpu);
    }

    private static TensorSpec[] ReadSpecs(IReadOnlyList<string> names, IReadOnlyDictionary<string, NodeMetadata> metadata)
    {
        var specs = new TensorSpec[names.Count];
        for (var i = 0; i < specs.Length; i++)
        {
            var name = names[i];
            var node = metadata[name];
            if (!node.IsTensor)
            {
                throw new NotSupportedException($"'{name}' is a {node.OnnxValueType}, and only tensors can be served");
            }

            var dims = node.Dimensions;
            var shape = new long[dims.Length];
            for (var d = 0; d < dims.Length; d++)
            {
                // ONNX Runtime reports symbolic and unknown dimensions alike as -1.
                shape[d] = dims[d] < 0 ? -1 : dims[d];
            }

            specs[i] = new TensorSpec(name, OrtTensorTypes.ToDataType(node.ElementDataType, name), shape);
        }

        return specs;
    }

    private static OrtValue CreateInput(TensorPayload input, out MemoryHandle pin)
    {
        if (input.DataType == TensorDataType.Bytes)
        {
            pin = default;
            return CreateStringInput(input);
        }

        var elementType = OrtTensorTypes.ToElementType(input.DataType);
        var data = input.Data;
        byte[] array;
        int offset;
        if (data.IsEmpty)
        {
            array = EmptyBuffer;
            offset = 0;
        }
        else if (MemoryMarshal.TryGetArray(data, out var segment))
        {
            array = segment.Array!;
            offset = segment.Offset;
        }
        else
        {
            // Memory not backed by an array (a MemoryManager) would need a raw pointer, which needs
            // unsafe code; payloads from Orleans and HTTP are arrays, so copying here is rare.
            array = data.ToArray();
            offset = 0;
            data = array;
        }

        pin = data.Pin();
        try
        {
            var address = Marshal.UnsafeAddrOfPinnedArrayElement(array, offset);
            return OrtValue.CreateTensorValueWithData(OrtMemoryInfo.DefaultInstance, elementType, input.Shape, address, data.Length);
        }
        catch
        {
            pin.Dispose();
            throw;
        }
    }

    private static OrtValue CreateStringInput(TensorPayload input)
    {
        var count = input.ElementCount;
        if (count is < 0 or > int.MaxValue)
        {
            ThrowBytesMismatch(input);
        }

        var value = OrtValue.CreateTensorWithEmptyStrings(OrtAllocator.DefaultInstance, input.Shape);
        try
        {
            var data = input.Data.Span;
            var offset = 0;
            for (var i = 0; i < (int)count; i++)
            {
                if (!BytesTensorCodec.TryReadNext(data, ref offset, out var element))
                {
                    ThrowBytesMismatch(input);
                }

                value.StringTensorSetElementAt(element, i);
            }

            if (offset != data.Length)
            {
                ThrowBytesMismatch(input);
            }

            return value;
        }
        catch
        {
            value.Dispose();
            throw;
        }
    }

    private static TensorPayload ToPayload(string name, OrtValue value)
    {
        var info = value.GetTensorTypeAndShape();
        var dataType = OrtTensorTypes.ToDataType(info.ElementDataType, name);
        var data = dataType == TensorDataType.Bytes
            ? EncodeStrings(value, checked((int)info.ElementCount))
            : value.GetTensorMutableRawData().ToArray();
        return new TensorPayload(name, dataType, info.Shape, data);
    }

    private static byte[] EncodeStrings(OrtValue value, int count)
    {
        var total = 0L;
        for (var i = 0; i < count; i++)
        {
            total += BytesTensorCodec.EncodedLength(value.GetStringElementAsSpan(i).Length);
        }

        var data = new byte[checked((int)total)];
        var offset = 0;
        for (var i = 0; i < count; i++)
        {
            offset += BytesTensorCodec.Write(data.AsSpan(offset), value.GetStringElementAsSpan(i));
        }

        return data;
    }

    private InferenceException Translate(OnnxRuntimeException ex, IReadOnlyList<TensorPayload> inputs)
    {
        // ONNX Runtime keeps its error code internal and prefixes it to the message instead.
        // The inner exception is left off: the message says everything, and InferenceException
        // must cross silos, where ONNX Runtime's exception type may not deserialize.
        if (ex.Message.StartsWith("[ErrorCode:InvalidArgument]", StringComparison.Ordinal))
        {
            return InferenceException.InvalidArgument($"the model rejected inputs {Describe(inputs)}{CallerDetail(ex.Message)}");
        }

        // A graph that leaves dimensions open past the batch axis may still not run on every value
        // of them (ppocr-det's needs multiples of 32): the validator cannot know, so a failed run on
        // such a graph is the request's shape, and the request was alone with its shape in the batch.
        return ex.Message.StartsWith("[ErrorCode:Fail]", StringComparison.Ordinal) && Signature.Inputs.Any(i => i.Shape.Skip(1).Contains(-1))
            ? InferenceException.InvalidArgument($"the model cannot run on inputs {Describe(inputs)}: its graph leaves dimensions open but does not take these values")
            : new InferenceException(InferenceErrorKind.Internal, $"ONNX Runtime failed to run the model: {ex.Message}");
    }

    // ONNX Runtime's messages about the inputs themselves ("Got invalid dimensions for input: x
    // ...") are in the caller's terms; those from inside the graph name its nodes and internal
    // tensors, which mean nothing to a caller, and are left out.
    private static string CallerDetail(string message)
    {
        var text = message.AsSpan();
        if (text.StartsWith("[ErrorCode:"))
        {
            var end = text.IndexOf(']');
            text = text[(end + 1)..].Trim();
        }

        return text.Contains(" node. Name:", StringComparison.Ordinal) || text.IsEmpty ? "" : $": {text}";
    }

    private static string Describe(IReadOnlyList<TensorPayload> inputs) =>
        string.Join(", ", inputs.Select(i => $"{i.Name} [{string.Join(',', i.Shape)}]"));

    [DoesNotReturn]
    private static void ThrowBytesMismatch(TensorPayload input) =>
        throw InferenceException.InvalidArgument(
            $"input '{input.Name}' has BYTES data whose length prefixes do not add up to its {input.ElementCount} elements");
}
