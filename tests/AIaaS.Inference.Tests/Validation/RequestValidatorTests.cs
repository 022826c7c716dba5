using AIaaS.Errors;
using AIaaS.Inference.Batching;
using AIaaS.Inference.Validation;
using AIaaS.Models;
using AIaaS.Tensors;

namespace AIaaS.Inference.Tests.Validation;

public sealed class RequestValidatorTests
{
    private const int MaxBatchSize = 32;

    // Shaped like ppocr-cls plus a silero-style scalar: x [N,3,48,192] FP32, sr INT64 scalar.
    private static readonly ModelSignature ImageModel = new(
        [new TensorSpec("x", TensorDataType.Fp32, [-1, 3, 48, 192]), new TensorSpec("sr", TensorDataType.Int64, [])],
        [new TensorSpec("y", TensorDataType.Fp32, [-1, 2]), new TensorSpec("z", TensorDataType.Fp32, [-1])]);

    private static readonly ModelSignature TextModel = new(
        [new TensorSpec("text", TensorDataType.Bytes, [-1])],
        [new TensorSpec("out", TensorDataType.Bytes, [-1])]);

    [Fact]
    public void Validate_MatchingRequest_DoesNotThrow()
    {
        RequestValidator.Validate(ImageModel, MaxBatchSize, [Image(2), Sr()], ["z", "y"]);
    }

    [Fact]
    public void Validate_InputsInAnotherOrderAndNoOutputs_DoesNotThrow()
    {
        RequestValidator.Validate(ImageModel, MaxBatchSize, [Sr(), Image(1)], outputs: null);
    }

    [Fact]
    public void Validate_MatchingRequest_AllocatesNothing()
    {
        // As a loaded replica validates: with the model's batch axes built once.
        var axes = BatchAxes.FromConfig(new ModelConfig { MaxBatchSize = MaxBatchSize }, ImageModel);
        TensorPayload[] inputs = [Image(1), Sr()];
        string[] outputs = ["y"];
        RequestValidator.Validate(ImageModel, MaxBatchSize, axes, inputs, outputs);

        var before = GC.GetAllocatedBytesForCurrentThread();
        RequestValidator.Validate(ImageModel, MaxBatchSize, axes, inputs, outputs);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
    }

    [Fact]
    public void Validate_UnexpectedInput_NamesItAndTheModelsInputs()
    {
        var ex = Invalid(ImageModel, [Image(1), Sr(), new TensorPayload("w", TensorDataType.Fp32, [1], new byte[4])]);

        Assert.Equal("unexpected input 'w'; the model's inputs are x, sr", ex.Message);
    }

    [Fact]
    public void Validate_MissingInput_NamesIt()
    {
        var ex = Invalid(ImageModel, [Image(1)]);

        Assert.Equal("missing input 'sr'; the model's inputs are x, sr", ex.Message);
    }

    [Fact]
    public void Validate_InputGivenTwice_NamesIt()
    {
        var ex = Invalid(ImageModel, [Image(1), Sr(), Sr()]);

        Assert.Equal("input 'sr' is given more than once", ex.Message);
    }

    [Fact]
    public void Validate_DataTypeMismatch_NamesInputAndBothTypes()
    {
        var ex = Invalid(ImageModel, [Image(1), new TensorPayload("sr", TensorDataType.Int32, [], new byte[4])]);

        Assert.Equal("input 'sr' has datatype INT32 but the model expects INT64", ex.Message);
    }

    [Fact]
    public void Validate_RankMismatch_NamesInputAndBothShapes()
    {
        var ex = Invalid(ImageModel, [new TensorPayload("x", TensorDataType.Fp32, [3, 48, 192], new byte[3 * 48 * 192 * 4]), Sr()]);

        Assert.Equal("input 'x' has shape [3,48,192] of rank 3 but the model expects rank 4, [-1,3,48,192]", ex.Message);
    }

    [Fact]
    public void Validate_FixedDimensionMismatch_NamesInputDimensionAndSizes()
    {
        var ex = Invalid(ImageModel, [new TensorPayload("x", TensorDataType.Fp32, [1, 3, 47, 192], new byte[3 * 47 * 192 * 4]), Sr()]);

        Assert.Equal("input 'x' dimension 2 is 47 but the model expects 48", ex.Message);
    }

    [Theory]
    [InlineData(100, 64)]
    [InlineData(64, 0)]
    [InlineData(31, 32)]
    public void Validate_OpenDimensionNotAMultiple_NamesInputDimensionAndMultiple(long height, long width)
    {
        var det = new ModelSignature([new TensorSpec("x", TensorDataType.Fp32, [-1, 3, -1, -1]) { MultipleOf = 32 }], []);
        var input = new TensorPayload("x", TensorDataType.Fp32, [1, 3, height, width], new byte[3 * height * width * 4]);

        var ex = Assert.Throws<InferenceException>(() => RequestValidator.Validate(det, 4, [input], null));

        var dimension = height % 32 != 0 ? 2 : 3;
        Assert.Equal($"input 'x' dimension {dimension} is {input.Shape[dimension]} but the model takes only positive multiples of 32 there", ex.Message);
    }

    [Fact]
    public void Validate_MultiplesOnOpenDimensions_BatchAxisExempt()
    {
        var det = new ModelSignature([new TensorSpec("x", TensorDataType.Fp32, [-1, 3, -1, -1]) { MultipleOf = 32 }], []);

        RequestValidator.Validate(det, 4, [new TensorPayload("x", TensorDataType.Fp32, [3, 3, 64, 96], new byte[3 * 3 * 64 * 96 * 4])], null);
    }

    [Fact]
    public void Validate_NegativeDimension_NamesInputAndDimension()
    {
        var ex = Invalid(ImageModel, [new TensorPayload("x", TensorDataType.Fp32, [-2, 3, 48, 192], new byte[4]), Sr()]);

        Assert.Equal("input 'x' dimension 0 is -2; dimensions may not be negative", ex.Message);
    }

    [Fact]
    public void Validate_BatchAboveMaxBatchSize_NamesInputAndLimit()
    {
        var ex = Invalid(ImageModel, [Image(33), Sr()]);

        Assert.Equal("input 'x' has batch size 33 but the model's max_batch_size is 32", ex.Message);
    }

    [Fact]
    public void Validate_BatchAboveLimitWhenModelDoesNotBatch_DoesNotThrow()
    {
        RequestValidator.Validate(ImageModel, maxBatchSize: 0, [Image(33), Sr()], outputs: null);
    }

    [Fact]
    public void Validate_DataShorterThanShape_NamesInputBytesAndNeed()
    {
        var ex = Invalid(ImageModel, [new TensorPayload("x", TensorDataType.Fp32, [1, 3, 48, 192], new byte[100]), Sr()]);

        Assert.Equal("input 'x' has 100 bytes but shape [1,3,48,192] of FP32 needs 110592", ex.Message);
    }

    [Fact]
    public void Validate_DataLongerThanShape_NamesInputBytesAndNeed()
    {
        var ex = Invalid(ImageModel, [Image(1), new TensorPayload("sr", TensorDataType.Int64, [], new byte[16])]);

        Assert.Equal("input 'sr' has 16 bytes but shape [] of INT64 needs 8", ex.Message);
    }

    [Fact]
    public void Validate_ShapeWithTooManyElements_NamesInput()
    {
        var model = new ModelSignature([new TensorSpec("v", TensorDataType.Fp32, [-1, -1])], []);

        var ex = Invalid(model, [new TensorPayload("v", TensorDataType.Fp32, [1L << 40, 1L << 40], new byte[4])], maxBatchSize: 0);

        Assert.Equal("input 'v' shape [1099511627776,1099511627776] has more elements than a tensor can hold", ex.Message);
    }

    [Fact]
    public void Validate_HugeDimensionsBesideZero_IsEmptyTensor()
    {
        var model = new ModelSignature([new TensorSpec("v", TensorDataType.Fp32, [-1, -1, -1])], []);

        RequestValidator.Validate(model, maxBatchSize: 0, [new TensorPayload("v", TensorDataType.Fp32, [1L << 40, 1L << 40, 0], ReadOnlyMemory<byte>.Empty)], null);
    }

    [Fact]
    public void Validate_BytesWellFormed_DoesNotThrow()
    {
        RequestValidator.Validate(TextModel, MaxBatchSize, [Text([3], [0, 0, 0, 0, 2, 0, 0, 0, 104, 105, 0, 0, 0, 0])], null);
    }

    [Fact]
    public void Validate_BytesEndInsideAnElement_NamesInputAndElement()
    {
        // Element 1 claims 5 bytes but only 2 follow.
        var ex = Invalid(TextModel, [Text([2], [1, 0, 0, 0, 97, 5, 0, 0, 0, 98, 99])]);

        Assert.Equal("input 'text' BYTES data ends inside element 1 but shape [2] has 2 elements", ex.Message);
    }

    [Fact]
    public void Validate_BytesWithFewerElementsThanShape_NamesInput()
    {
        var ex = Invalid(TextModel, [Text([3], [1, 0, 0, 0, 97, 1, 0, 0, 0, 98])]);

        Assert.Equal("input 'text' BYTES data ends inside element 2 but shape [3] has 3 elements", ex.Message);
    }

    [Fact]
    public void Validate_BytesWithMoreDataThanShape_NamesInputAndLeftover()
    {
        var ex = Invalid(TextModel, [Text([1], [1, 0, 0, 0, 97, 1, 0, 0, 0, 98])]);

        Assert.Equal("input 'text' BYTES data has 5 bytes left over after the 1 elements of shape [1]", ex.Message);
    }

    [Fact]
    public void Validate_UnknownOutput_NamesItAndTheModelsOutputs()
    {
        var ex = Assert.Throws<InferenceException>(() => RequestValidator.Validate(ImageModel, MaxBatchSize, [Image(1), Sr()], ["y", "probs"]));

        Assert.Equal(InferenceErrorKind.InvalidArgument, ex.Kind);
        Assert.Equal("unknown output 'probs'; the model's outputs are y, z", ex.Message);
    }

    [Fact]
    public void Validate_OutputRequestedTwice_NamesIt()
    {
        var ex = Assert.Throws<InferenceException>(() => RequestValidator.Validate(ImageModel, MaxBatchSize, [Image(1), Sr()], ["y", "y"]));

        Assert.Equal("output 'y' is requested more than once", ex.Message);
    }

    [Fact]
    public void Validate_EmptyBatch_NamesInput()
    {
        var ex = Invalid(ImageModel, [new TensorPayload("x", TensorDataType.Fp32, [0, 3, 48, 192], ReadOnlyMemory<byte>.Empty), Sr()]);

        Assert.Equal("input 'x' has batch size 0 (dimension 0); a request carries at least one item", ex.Message);
    }

    [Fact]
    public void Validate_StateBatchedOnConfiguredAxisDisagrees_NamesBothInputs()
    {
        var config = new ModelConfig
        {
            MaxBatchSize = 64,
            SequenceBatching = new SequenceBatchingConfig { State = [new SequenceStateConfig { InputName = "state", OutputName = "stateN", Dims = [2, 128], BatchAxis = 1 }] },
        };

        var ex = Assert.Throws<InferenceException>(() => RequestValidator.Validate(Silero, config, [Samples(1), State(2), Sr()], null));

        Assert.Equal(InferenceErrorKind.InvalidArgument, ex.Kind);
        Assert.Equal("input 'state' has batch size 2 (dimension 1) but input 'input' has batch size 1", ex.Message);
    }

    [Fact]
    public void Validate_StateEmptyOnConfiguredAxis_NamesIt()
    {
        var config = new ModelConfig
        {
            MaxBatchSize = 64,
            SequenceBatching = new SequenceBatchingConfig { State = [new SequenceStateConfig { InputName = "state", OutputName = "stateN", Dims = [2, 128], BatchAxis = 1 }] },
        };

        var ex = Assert.Throws<InferenceException>(() => RequestValidator.Validate(Silero, config, [State(0), Samples(1), Sr()], null));

        Assert.Equal("input 'state' has batch size 0 (dimension 1); a request carries at least one item", ex.Message);
    }

    [Fact]
    public void Validate_StateAndSamplesAgree_DoesNotThrow()
    {
        var config = new ModelConfig
        {
            MaxBatchSize = 64,
            SequenceBatching = new SequenceBatchingConfig { State = [new SequenceStateConfig { InputName = "state", OutputName = "stateN", Dims = [2, 128], BatchAxis = 1 }] },
        };

        RequestValidator.Validate(Silero, config, [Samples(3), State(3), Sr()], null);
    }

    [Fact]
    public void BatchSizeOf_BatchedImage_IsDimensionZero()
    {
        Assert.Equal(3, BatchAssembler.BatchSizeOf([Sr(), Image(3)], BatchAxes.FromConfig(new ModelConfig { MaxBatchSize = MaxBatchSize }, ImageModel)));
    }

    [Fact]
    public void BatchSizeOf_ModelWithoutBatchAxis_IsOne()
    {
        Assert.Equal(1, BatchAssembler.BatchSizeOf([Image(3), Sr()], BatchAxes.FromConfig(new ModelConfig { MaxBatchSize = 0 }, ImageModel)));
    }

    [Fact]
    public void BatchSizeOf_SequenceStateFirst_ReadsItsConfiguredAxis()
    {
        var config = new ModelConfig
        {
            MaxBatchSize = 64,
            SequenceBatching = new SequenceBatchingConfig { State = [new SequenceStateConfig { InputName = "state", OutputName = "stateN", Dims = [2, 128], BatchAxis = 1 }] },
        };

        Assert.Equal(3, BatchAssembler.BatchSizeOf([State(3), Samples(3), Sr()], BatchAxes.FromConfig(config, Silero)));
    }

    [Fact]
    public void BatchRule_InputWithFixedFirstDimension_HasNoBatchAxisForTheValidatorOrTheAssembler()
    {
        // "window" [4, -1]: its first dimension is the model's, not the batch. The validator once
        // read that rule and the assembler axis 0 for every tensor, so they disagreed on this request.
        var model = new ModelSignature(
            [new TensorSpec("x", TensorDataType.Fp32, [-1, 2]), new TensorSpec("window", TensorDataType.Fp32, [4, -1])],
            [new TensorSpec("y", TensorDataType.Fp32, [-1, 2])]);
        var config = new ModelConfig { MaxBatchSize = 8 };
        var axes = BatchAxes.FromConfig(config, model);
        TensorPayload[] inputs = [new("x", TensorDataType.Fp32, [3, 2], new byte[3 * 2 * 4]), new("window", TensorDataType.Fp32, [4, 1], new byte[4 * 4])];

        RequestValidator.Validate(model, config.MaxBatchSize, axes, inputs, outputs: null);

        Assert.Equal(-1, axes.OfInput(inputs[1]));
        Assert.Equal(3, BatchAssembler.BatchSizeOf(inputs, axes));
        Assert.NotEqual(BatchKey.Create(inputs, null, axes), BatchKey.Create([inputs[0], new("window", TensorDataType.Fp32, [4, 1], new byte[] { 0, 0, 128, 63, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 })], null, axes));
    }

    [Fact]
    public void BatchSizeOf_ValidatedRequest_AllocatesNothing()
    {
        var axes = BatchAxes.FromConfig(new ModelConfig { MaxBatchSize = MaxBatchSize }, ImageModel);
        TensorPayload[] inputs = [Image(2), Sr()];
        BatchAssembler.BatchSizeOf(inputs, axes);

        var before = GC.GetAllocatedBytesForCurrentThread();
        BatchAssembler.BatchSizeOf(inputs, axes);
        RequestValidator.Validate(ImageModel, MaxBatchSize, axes, inputs, outputs: null);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
    }

    private static readonly ModelSignature Silero = new(
        [new TensorSpec("input", TensorDataType.Fp32, [-1, -1]), new TensorSpec("state", TensorDataType.Fp32, [2, -1, 128]), new TensorSpec("sr", TensorDataType.Int64, [])],
        [new TensorSpec("output", TensorDataType.Fp32, [-1, 1]), new TensorSpec("stateN", TensorDataType.Fp32, [-1, -1, -1])]);

    private static TensorPayload Samples(int batch) => new("input", TensorDataType.Fp32, [batch, 576], new byte[batch * 576 * 4]);

    private static TensorPayload State(int batch) => new("state", TensorDataType.Fp32, [2, batch, 128], new byte[2 * batch * 128 * 4]);

    private static InferenceException Invalid(ModelSignature model, TensorPayload[] inputs, int maxBatchSize = MaxBatchSize)
    {
        var ex = Assert.Throws<InferenceException>(() => RequestValidator.Validate(model, maxBatchSize, inputs, outputs: null));
        Assert.Equal(InferenceErrorKind.InvalidArgument, ex.Kind);
        return ex;
    }

    private static TensorPayload Image(int batch) =>
        new("x", TensorDataType.Fp32, [batch, 3, 48, 192], new byte[batch * 3 * 48 * 192 * 4]);

    private static TensorPayload Sr() => new("sr", TensorDataType.Int64, [], BitConverter.GetBytes(16000L));

    private static TensorPayload Text(long[] shape, byte[] data) => new("text", TensorDataType.Bytes, shape, data);
}
