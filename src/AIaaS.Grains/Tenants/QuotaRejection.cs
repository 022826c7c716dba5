namespace AIaaS.Grains.Tenants;

/// <summary>Why a request was refused: the quota, when to retry, and a message naming both.</summary>
internal sealed record QuotaRejection(string Quota, TimeSpan RetryAfter, string Message);
