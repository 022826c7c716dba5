namespace AIaaS.Http.Tests.Pipelines;

[CollectionDefinition(Name)]
public sealed class PipelineSiloCollection : ICollectionFixture<PipelineSiloFixture>
{
    public const string Name = "pipeline silo";
}
