using Xunit.Sdk;

namespace AIaaS.EndToEnd.Tests.Operations;

/// <summary>
/// What a Prometheus test does where the binaries are missing: skips, except under scripts/test
/// (AIAAS_REQUIRE_TOOLS=1), which installs them and so must not pass with those tests unrun.
/// </summary>
public sealed class PrometheusBinariesTests
{
    [Fact]
    public void SkipUnlessPresent_Missing_Skips()
    {
        var skipped = Assert.Throws<Xunit.SkipException>(() => PrometheusBinaries.SkipUnlessPresent(present: false, requireTools: null));

        Assert.Equal(PrometheusBinaries.MissingMessage, skipped.Message);
    }

    [Fact]
    public void SkipUnlessPresent_MissingWithToolsRequired_Fails()
    {
        var failed = Assert.Throws<FailException>(() => PrometheusBinaries.SkipUnlessPresent(present: false, requireTools: "1"));

        Assert.StartsWith(PrometheusBinaries.MissingMessage, failed.Message, StringComparison.Ordinal);
        Assert.Contains("AIAAS_REQUIRE_TOOLS=1", failed.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SkipUnlessPresent_Present_Returns()
    {
        PrometheusBinaries.SkipUnlessPresent(present: true, requireTools: "1");
        PrometheusBinaries.SkipUnlessPresent(present: true, requireTools: null);
    }
}
