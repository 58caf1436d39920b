using NexusPush.Formats;
using NexusPush.Versions;

namespace NexusPush.Tests.Versions;

/// <summary>Which scheme orders each format's versions, and the order's own guarantees.</summary>
public sealed class VersionSchemesTests
{
    [Theory]
    [InlineData("apt", "dpkg")]
    [InlineData("raw", "dpkg")]
    [InlineData("yum", "rpm")]
    [InlineData("pypi", "PEP 440")]
    [InlineData("npm", "SemVer 2.0")]
    [InlineData("helm", "SemVer 2.0")]
    [InlineData("nuget", "NuGet")]
    public void EachFormatId_HasItsEcosystemsScheme(string formatId, string scheme) =>
        Assert.Equal(scheme, VersionSchemes.ForFormatId(formatId)?.Name);

    [Fact]
    public void EveryFormatInTheFormatTable_HasAScheme() =>
        Assert.All(FormatFacts.All, fact => Assert.Same(VersionSchemes.For(fact.Format), VersionSchemes.ForFormatId(fact.Id)));

    [Fact]
    public void AnUnknownFormatId_HasNoScheme() => Assert.Null(VersionSchemes.ForFormatId("maven2"));

    [Fact]
    public void VersionsOfTwoSchemes_DoNotCompare()
    {
        var deb = VersionSchemes.Dpkg.Read("1.0").Version!;
        var rpm = VersionSchemes.Rpm.Read("1.0").Version!;

        Assert.Throws<ArgumentException>(() => deb.CompareTo(rpm));
    }

    [Fact]
    public void AVersion_KeepsItsTextAsRead() => Assert.Equal("1.0RC1", VersionSchemes.Pep440.Read("1.0RC1").Version!.Text);
}
