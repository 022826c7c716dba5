using StackExchange.Redis;

namespace AIaaS.Cluster;

/// <summary>The StackExchange.Redis configuration silos and SDK clients reach Redis with: one rule for both.</summary>
internal static class RedisConnection
{
    /// <summary>
    /// The connection string as given (StackExchange.Redis syntax: <c>host:port,password=...,ssl=true</c>),
    /// retrying rather than failing when Redis is not up yet, and with <paramref name="tls"/>'s
    /// authority and client certificate when set (which turns TLS on).
    /// </summary>
    public static ConfigurationOptions Configure(string connectionString, RedisTls? tls)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var configuration = ConfigurationOptions.Parse(connectionString);
        // A silo or client must start and keep retrying while Redis restarts, not fail on the first connect.
        configuration.AbortOnConnectFail = false;
        if (tls is not null)
        {
            configuration.Ssl = true;
            configuration.CertificateValidation += tls.Validate;
            if (tls.ClientCertificate is not null)
            {
                configuration.CertificateSelection += tls.Select;
            }
        }

        return configuration;
    }
}
