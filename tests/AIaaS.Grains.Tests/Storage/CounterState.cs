namespace AIaaS.Grains.Tests.Storage;

/// <summary>The persisted state of the test counter grain, and the payload of the provider tests.</summary>
[GenerateSerializer]
[Alias("AIaaS.Grains.Tests.Storage.CounterState")]
public sealed class CounterState
{
    [Id(0)]
    public int Value { get; set; }

    [Id(1)]
    public string Label { get; set; } = string.Empty;
}
