namespace AIaaS.Http.Hosting;

/// <summary>Settings of the HTTP front, bound from <c>AIaaS:Http</c>.</summary>
public sealed class AIaaSHttpOptions
{
    public const string SectionName = "AIaaS:Http";

    /// <summary>Largest request body accepted; a larger one gets 413 before it is read.</summary>
    public long MaxRequestBodyBytes { get; set; } = 64 * 1024 * 1024;

    /// <summary>
    /// Inference requests this front handles at once, over all tenants and models; more are shed
    /// at once with 503 before their body is read, so a flood costs the front almost nothing and
    /// the requests it admits keep their latency. 0 turns the bound off.
    /// </summary>
    public int MaxInFlightRequests { get; set; } = 128;

    /// <summary>Open connections at most; more are refused by Kestrel before any request is read.</summary>
    public long MaxConnections { get; set; } = 4096;

    /// <summary>Total size of a request's headers; larger gets 431.</summary>
    public int MaxRequestHeadersBytes { get; set; } = 32 * 1024;

    /// <summary>
    /// Slowest body upload tolerated (after a 5 s grace): a client trickling bytes to hold a
    /// connection and a buffer is cut off. 0 turns the check off.
    /// </summary>
    public int MinRequestBodyBytesPerSecond { get; set; } = 4096;
}
