using NexusPush.Formats;

namespace NexusPush.Tests.Formats;

/// <summary>The one table of format facts: ids, claiming extensions, names in messages, routing flags.</summary>
public sealed class FormatFactsTests
{
    [Fact]
    public void Table_HasOneRowPerFormat_InEnumOrder()
    {
        Assert.Equal(Enum.GetValues<ArtifactFormat>(), FormatFacts.All.Select(f => f.Format));
        Assert.All(ArtifactFormats.All, f => Assert.Equal(f, FormatFacts.Of(f).Format));
    }

    [Fact]
    public void Ids_AreNexusFormatIds()
    {
        Assert.Equal("raw, apt, yum, pypi, npm, nuget, helm", ArtifactFormats.AllIds);
        Assert.All(FormatFacts.All, f => Assert.True(ArtifactFormats.TryParse(f.Id.ToUpperInvariant(), out var parsed) && parsed == f.Format));
    }

    [Theory]
    [InlineData("tool_1.0_amd64.deb", "apt")]
    [InlineData("TOOL-1.0.X86_64.RPM", "yum")]
    [InlineData("pkg-1.0-py3-none-any.whl", "pypi")]
    [InlineData("Acme.Tool.1.2.3.nupkg", "nuget")]
    [InlineData("*.deb", "apt")]
    [InlineData("dists/**/*.rpm", "yum")]
    public void ClaimedBy_AnExtensionThatNamesOneFormat(string name, string format)
    {
        Assert.Equal(format, FormatFacts.ClaimedBy(name)?.NexusId());
    }

    [Theory]
    [InlineData("chart-1.0.0.tgz")]
    [InlineData("pkg-1.0.tar.gz")]
    [InlineData("sdist-1.0.zip")]
    [InlineData("notes.txt")]
    [InlineData("debs/")]
    [InlineData("**/*")]
    public void ClaimedBy_NothingForNamesThatPromiseNoFormat(string name)
    {
        Assert.Null(FormatFacts.ClaimedBy(name));
    }

    [Fact]
    public void OnlyPackageFormats_ClaimExtensions_AndNoExtensionIsClaimedTwice()
    {
        var claimed = FormatFacts.All.SelectMany(f => f.ClaimingExtensions).ToList();

        Assert.Equal(claimed.Count, claimed.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.Empty(FormatFacts.Of(ArtifactFormat.Raw).ClaimingExtensions);
    }

    [Theory]
    [InlineData("apt", "--apt-repository", "repositories.apt", ".deb packages")]
    [InlineData("pypi", "--pypi-repository", "repositories.pypi", "wheels and sdists")]
    [InlineData("raw", "--raw-repository", "repositories.raw", "every other file")]
    public void RoutingOption_ConfigKey_AndName(string id, string option, string key, string files)
    {
        Assert.True(ArtifactFormats.TryParse(id, out var format));
        var fact = FormatFacts.Of(format);

        Assert.Equal((option, key, files), (fact.RoutingOption, fact.ConfigKey, fact.Files));
    }

    [Fact]
    public void Of_AFormatOutsideTheTable_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => FormatFacts.Of((ArtifactFormat)99));
    }
}
