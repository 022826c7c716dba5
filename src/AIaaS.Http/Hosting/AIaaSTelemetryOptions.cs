namespace AIaaS.Http.Hosting;

/// <summary>Traces and log format, bound from <c>AIaaS:Telemetry</c>.</summary>
public sealed class AIaaSTelemetryOptions
{
    public const string SectionName = "AIaaS:Telemetry";

    /// <summary>
    /// Base URL of an OTLP/HTTP receiver (an OpenTelemetry Collector's <c>http://host:4318</c>);
    /// spans go to <c>{OtlpEndpoint}/v1/traces</c>. Unset (the default), nothing is traced.
    /// </summary>
    public Uri? OtlpEndpoint { get; set; }

    /// <summary>One JSON object per log line, with the trace and span ids of the request it is about.</summary>
    public bool JsonConsole { get; set; }
}
