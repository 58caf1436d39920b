using NexusPush.Formats.NuGet;

namespace NexusPush.Tests.Formats;

/// <summary>NuGet names one version many ways; a server storing the normalised form must still match the nuspec.</summary>
public sealed class NuGetVersionTests
{
    [Theory]
    [InlineData("1.0", "1.0.0")]
    [InlineData("1.0.0.0", "1.0.0")]
    [InlineData("1.2.3.4", "1.2.3.4")]
    [InlineData("01.002.3", "1.2.3")]
    [InlineData("1.2.3+build.7", "1.2.3")]
    [InlineData("1.2.3-Beta.1", "1.2.3-Beta.1")]
    [InlineData("1.0-rc+sha.abc", "1.0.0-rc")]
    [InlineData(" 2.0 ", "2.0.0")]
    [InlineData("not.a.version", "not.a.version")]
    public void Normalize_GivesNuGetsNormalisedForm(string version, string normalized)
    {
        Assert.Equal(normalized, NuGetVersion.Normalize(version));
    }

    [Fact]
    public void SameVersionAndId_IgnoreCaseAndSpelling()
    {
        Assert.True(NuGetVersion.SameVersion("1.0-BETA", "1.0.0-beta"));
        Assert.False(NuGetVersion.SameVersion("1.0.1", "1.0.0"));
        Assert.True(NuGetVersion.SameId("Acme.Tool", "ACME.TOOL"));
        Assert.False(NuGetVersion.SameId("Acme.Tool", "Acme.Tools"));
    }
}
