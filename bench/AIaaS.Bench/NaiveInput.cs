namespace AIaaS.Bench;

/// <summary>One input of a <see cref="NaiveRequest"/>.</summary>
internal sealed record NaiveInput(string Name, long[] Shape, string Datatype, float[] Data);
