namespace AIaaS.Http.Tests.Ocr;

[CollectionDefinition(Name)]
public sealed class OcrSiloCollection : ICollectionFixture<OcrSiloFixture>
{
    public const string Name = "ocr silo";
}
