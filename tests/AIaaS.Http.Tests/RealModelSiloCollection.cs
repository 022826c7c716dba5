namespace AIaaS.Http.Tests;

/// <summary>
/// The test classes that share one real-model silo: starting one loads four ONNX sessions, so
/// they share it and run one after another. None of them changes what the silo serves.
/// </summary>
[CollectionDefinition(Name)]
public sealed class RealModelSiloCollection : ICollectionFixture<RealModelSiloFixture>
{
    public const string Name = "real-model silo";
}
