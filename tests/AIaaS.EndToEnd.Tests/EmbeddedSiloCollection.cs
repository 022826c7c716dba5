namespace AIaaS.EndToEnd.Tests;

/// <summary>The classes that share one embedded silo process.</summary>
[CollectionDefinition(Name)]
public sealed class EmbeddedSiloCollection : ICollectionFixture<EmbeddedSiloFixture>
{
    public const string Name = "embedded silo";
}
