namespace AIaaS.Http.Hosting;

/// <summary>Settings of the HTTP front, bound from <c>AIaaS:Http</c>.</summary>
public sealed class AIaaSHttpOptions
{
    public const string SectionName = "AIaaS:Http";

    /// <summary>Largest request body accepted; a larger one gets 413 before it is read.</summary>
    public long MaxRequestBodyBytes { get; set; } = 64 * 1024 * 1024;
}
