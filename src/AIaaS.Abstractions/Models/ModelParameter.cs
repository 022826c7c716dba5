namespace AIaaS.Models;

/// <summary>One entry of Triton's <c>parameters</c> map: <c>{"key": {"string_value": "..."}}</c>.</summary>
[GenerateSerializer, Immutable, Alias("aiaas.model-parameter")]
public sealed record ModelParameter
{
    [Id(0)] public string StringValue { get; init; } = "";
}
