using AIaaS.Errors;
using AIaaS.Models;

namespace AIaaS.Inference.Tests.Repository;

/// <summary>The one rule for version numbers, as callers write them and as repository directories are named.</summary>
public sealed class ModelVersionNumberTests
{
    [Theory]
    [InlineData("1", 1)]
    [InlineData("42", 42)]
    [InlineData("2147483647", int.MaxValue)]
    [InlineData("007", 7)]
    public void TryParse_PositiveInteger_IsThatVersion(string text, int expected)
    {
        Assert.True(ModelVersionNumber.TryParse(text, out var version));
        Assert.Equal(expected, version);
        Assert.Equal(expected, ModelVersionNumber.Parse(text));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("+1")]
    [InlineData(" 1")]
    [InlineData("1.0")]
    [InlineData("2147483648")]
    [InlineData("latest")]
    public void TryParse_AnythingElse_IsNoVersion(string? text)
    {
        Assert.False(ModelVersionNumber.TryParse(text, out var version));
        Assert.Equal(0, version);
    }

    [Fact]
    public void Parse_NotAPositiveInteger_IsInvalidArgumentQuotingIt()
    {
        var error = Assert.Throws<InferenceException>(() => ModelVersionNumber.Parse("v2"));

        Assert.Equal(InferenceErrorKind.InvalidArgument, error.Kind);
        Assert.Equal("model version 'v2' is not a positive integer", error.Message);
        Assert.Null(ModelVersionNumber.ParseOptional(""));
    }

    [Theory]
    [InlineData("3", true)]
    [InlineData("10", true)]
    [InlineData("0", false)]
    [InlineData("03", false)]
    [InlineData("notes", false)]
    public void TryParseDirectory_TritonsRule_NoLeadingZero(string name, bool isVersion)
    {
        Assert.Equal(isVersion, ModelVersionNumber.TryParseDirectory(name, out _));
    }
}
