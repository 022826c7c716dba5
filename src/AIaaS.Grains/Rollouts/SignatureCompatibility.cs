using AIaaS.Models;
using AIaaS.Tensors;

namespace AIaaS.Grains.Rollouts;

/// <summary>
/// Whether a candidate version can take the stable version's requests and give answers of the
/// same form: the same input and output names, datatypes and ranks, and no fixed dimension that
/// the stable version does not have (a candidate may accept any size where the stable one fixed
/// one, not the other way round).
/// </summary>
internal static class SignatureCompatibility
{
    /// <returns>Every difference, each naming the tensor; empty when compatible.</returns>
    public static IReadOnlyList<string> Differences(ModelSignature stable, ModelSignature candidate)
    {
        ArgumentNullException.ThrowIfNull(stable);
        ArgumentNullException.ThrowIfNull(candidate);
        var differences = new List<string>();
        Compare("input", stable.Inputs, candidate.Inputs, differences);
        Compare("output", stable.Outputs, candidate.Outputs, differences);
        return differences;
    }

    private static void Compare(string kind, IReadOnlyList<TensorSpec> stable, IReadOnlyList<TensorSpec> candidate, List<string> differences)
    {
        foreach (var expected in stable)
        {
            var actual = candidate.FirstOrDefault(c => c.Name == expected.Name);
            if (actual is null)
            {
                differences.Add($"{kind} '{expected.Name}' is missing from the candidate");
                continue;
            }

            if (actual.DataType != expected.DataType)
            {
                differences.Add($"{kind} '{expected.Name}' has datatype {Name(actual.DataType)} in the candidate, {Name(expected.DataType)} in the stable version");
            }

            if (actual.Shape.Length != expected.Shape.Length)
            {
                differences.Add($"{kind} '{expected.Name}' has rank {actual.Shape.Length} {Shape(actual.Shape)} in the candidate, {expected.Shape.Length} {Shape(expected.Shape)} in the stable version");
                continue;
            }

            for (var axis = 0; axis < expected.Shape.Length; axis++)
            {
                if (actual.Shape[axis] >= 0 && actual.Shape[axis] != expected.Shape[axis])
                {
                    differences.Add($"{kind} '{expected.Name}' has shape {Shape(actual.Shape)} in the candidate, {Shape(expected.Shape)} in the stable version (axis {axis})");
                    break;
                }
            }
        }

        foreach (var extra in candidate.Where(c => stable.All(s => s.Name != c.Name)))
        {
            differences.Add($"{kind} '{extra.Name}' is new in the candidate");
        }
    }

    private static string Name(TensorDataType type) => type.ToProtocolName();

    private static string Shape(long[] shape) => "[" + string.Join(",", shape) + "]";
}
