namespace AIaaS.Http.Tests.Tabular;

[CollectionDefinition(Name)]
public sealed class IrisSiloCollection : ICollectionFixture<IrisSiloFixture>
{
    public const string Name = "iris silo";
}
