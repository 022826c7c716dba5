namespace AIaaS.EndToEnd.Tests.Operations;

/// <summary>One query of one Grafana panel.</summary>
internal sealed record DashboardQuery(string Dashboard, string Panel, string Expression);
