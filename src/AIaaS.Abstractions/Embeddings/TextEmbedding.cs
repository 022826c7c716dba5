namespace AIaaS.Embeddings;

/// <summary>
/// One text's sentence embedding: the L2-normalised vector, the tokens the model read (specials
/// included) and whether the text was cut at the model's token limit.
/// </summary>
public sealed record TextEmbedding(float[] Vector, int TokenCount, bool Truncated);
