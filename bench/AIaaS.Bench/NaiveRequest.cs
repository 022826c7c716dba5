namespace AIaaS.Bench;

/// <summary>The naive endpoint's request: what a hand-written deserializer takes.</summary>
internal sealed record NaiveRequest(NaiveInput[] Inputs);
