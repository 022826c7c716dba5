namespace AIaaS.Tenants;

/// <summary>What one tenant used of one model version in one UTC hour; also a delta being flushed.</summary>
[GenerateSerializer, Immutable, Alias("aiaas.usage-record")]
public sealed record UsageRecord
{
    [Id(0)] public required string Tenant { get; init; }

    [Id(1)] public required string Model { get; init; }

    [Id(2)] public required string Version { get; init; }

    /// <summary>Start of the UTC hour.</summary>
    [Id(3)] public DateTime Hour { get; init; }

    /// <summary>Requests that succeeded.</summary>
    [Id(4)] public long Requests { get; init; }

    /// <summary>Requests that failed, of every kind.</summary>
    [Id(5)] public long Failed { get; init; }

    /// <summary>Failed requests by kind (<c>invalid_argument</c>, <c>deadline_exceeded</c>...).</summary>
    [Id(6)] public IReadOnlyDictionary<string, long> FailedByKind { get; init; } = new Dictionary<string, long>();

    /// <summary>Batch-dimension elements of successful requests.</summary>
    [Id(7)] public long Items { get; init; }

    /// <summary>Each request's share of its batch's compute time.</summary>
    [Id(8)] public double ComputeSeconds { get; init; }

    [Id(9)] public long InputBytes { get; init; }

    [Id(10)] public long OutputBytes { get; init; }

    /// <summary>Text tokens of successful requests: the sum of a model's <c>token_count</c> output (the embedding tokenizer's).</summary>
    [Id(11)] public long Tokens { get; init; }
}
