namespace AIaaS.Http.Tests.Embeddings;

[CollectionDefinition(Name)]
public sealed class EmbeddingSiloCollection : ICollectionFixture<EmbeddingSiloFixture>
{
    public const string Name = "embedding silo";
}
