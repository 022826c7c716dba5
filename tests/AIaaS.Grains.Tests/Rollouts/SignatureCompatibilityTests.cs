using AIaaS.Grains.Rollouts;
using AIaaS.Models;
using AIaaS.Tensors;

namespace AIaaS.Grains.Tests.Rollouts;

public sealed class SignatureCompatibilityTests
{
    private static readonly ModelSignature Stable = new(
        [new TensorSpec("x", TensorDataType.Fp32, [-1, 3, 48, -1])],
        [new TensorSpec("p", TensorDataType.Fp32, [-1, 2])]);

    [Fact]
    public void Differences_SameSignatureOrLooserDims_None()
    {
        var looser = new ModelSignature([new TensorSpec("x", TensorDataType.Fp32, [-1, 3, -1, -1])], [new TensorSpec("p", TensorDataType.Fp32, [-1, 2])]);

        Assert.Empty(SignatureCompatibility.Differences(Stable, Stable));
        Assert.Empty(SignatureCompatibility.Differences(Stable, looser));
    }

    [Fact]
    public void Differences_EveryKind_NamedEach()
    {
        var candidate = new ModelSignature(
            [new TensorSpec("x", TensorDataType.Fp16, [-1, 3, 32, -1])],
            [new TensorSpec("p", TensorDataType.Fp32, [-1, 2, 1]), new TensorSpec("extra", TensorDataType.Int64, [-1])]);

        Assert.Equal(
            [
                "input 'x' has datatype FP16 in the candidate, FP32 in the stable version",
                "input 'x' has shape [-1,3,32,-1] in the candidate, [-1,3,48,-1] in the stable version (axis 2)",
                "output 'p' has rank 3 [-1,2,1] in the candidate, 2 [-1,2] in the stable version",
                "output 'extra' is new in the candidate",
            ],
            SignatureCompatibility.Differences(Stable, candidate));
    }

    [Fact]
    public void Differences_FixedDimWhereStableWasFree_Named()
    {
        var candidate = new ModelSignature([new TensorSpec("x", TensorDataType.Fp32, [-1, 3, 48, 192])], Stable.Outputs);

        Assert.Equal(["input 'x' has shape [-1,3,48,192] in the candidate, [-1,3,48,-1] in the stable version (axis 3)"], SignatureCompatibility.Differences(Stable, candidate));
    }

    [Fact]
    public void Differences_MissingInput_Named()
    {
        var candidate = new ModelSignature([], Stable.Outputs);

        Assert.Equal(["input 'x' is missing from the candidate"], SignatureCompatibility.Differences(Stable, candidate));
    }
}
