namespace AIaaS.EndToEnd.Tests.Operations;

/// <summary>One rule of a Prometheus rule file: a recording rule's name or an alert's, and its expression.</summary>
internal sealed record PrometheusRule(string Name, bool IsAlert, string Expression);
