namespace AIaaS.Cli.Bench;

/// <summary>The protocols <c>aiaas bench --protocol</c> measures.</summary>
internal static class BenchProtocols
{
    /// <summary>Open Inference Protocol over HTTP, tensors as JSON values.</summary>
    public const string HttpJson = "http-json";

    /// <summary>Open Inference Protocol over HTTP with Triton's binary tensor extension, both ways.</summary>
    public const string HttpBinary = "http-binary";

    /// <summary>The .NET SDK: an Orleans client calling replica grains through its own router.</summary>
    public const string Orleans = "orleans";

    public static readonly string[] All = [HttpJson, HttpBinary, Orleans];
}
