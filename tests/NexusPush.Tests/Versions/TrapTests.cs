using NexusPush.Versions;

namespace NexusPush.Tests.Versions;

/// <summary>
/// The traps that make `sort -V` delete the wrong builds, spelled out per ecosystem (the same pairs are in the oracle
/// data; here they read as the rules they are). Each row: the older version, then the newer, or two equal ones.
/// </summary>
public sealed class TrapTests
{
    [Theory]
    [InlineData("1.0~rc1", "1.0")]           // ~ before anything, even the end
    [InlineData("1.0~~", "1.0~")]
    [InlineData("1.2.3~rc1-0ubuntu1", "1.2.3-0ubuntu1")]
    [InlineData("2.0", "1:1.0")]             // the epoch decides first
    [InlineData("1.0-1", "1.0-1+b1")]        // a binNMU is newer
    [InlineData("1.2.3-1+deb12u1", "1.2.3-1+deb12u10")]
    [InlineData("1.0a", "1.0.a")]            // letters before non-letters
    [InlineData("1.9", "1.10")]              // digit runs as numbers
    [InlineData("1.2.3-1~bpo12+1", "1.2.3-1")]
    public void Dpkg_Older(string older, string newer) => AssertOlder(VersionSchemes.Dpkg, older, newer);

    [Theory]
    [InlineData("1.0", "1.0-0")]
    [InlineData("1.0", "0:1.0")]
    [InlineData("1.01", "1.1")]              // leading zeros
    public void Dpkg_Equal(string a, string b) => AssertEqual(VersionSchemes.Dpkg, a, b);

    [Theory]
    [InlineData("1.0~rc1-1", "1.0-1")]
    [InlineData("1.0-1", "1.0^git1-1")]      // ^ after the end, before anything else
    [InlineData("1.0^git1-1", "1.0.1-1")]
    [InlineData("2.0-1", "1:1.0-1")]
    [InlineData("1.2.3-4.el8", "1.2.3-4.el8_9.1")]
    [InlineData("4.18.0-477.27.1.el8_8", "4.18.0-513.5.1.el8_9")]
    [InlineData("1.0", "1.0-~1")]            // no release before any release
    public void Rpm_Older(string older, string newer) => AssertOlder(VersionSchemes.Rpm, older, newer);

    [Theory]
    [InlineData("1.0a-1", "1.0.a-1")]        // separators only separate
    [InlineData("1.0-1", "1.0-01")]
    [InlineData("0:1.0-1", "1.0-1")]
    public void Rpm_Equal(string a, string b) => AssertEqual(VersionSchemes.Rpm, a, b);

    [Theory]
    [InlineData("1.0.dev1", "1.0a1")]
    [InlineData("1.0a1", "1.0b1")]
    [InlineData("1.0rc1", "1.0")]
    [InlineData("1.0.post1.dev2", "1.0.post1")]
    [InlineData("1.0", "1.0.post1.dev2")]
    [InlineData("1.0", "1.0+local.1")]
    [InlineData("1.0+abc", "1.0+1")]         // local: alphanumeric before numeric
    [InlineData("2.0", "1!0.1")]
    public void Pep440_Older(string older, string newer) => AssertOlder(VersionSchemes.Pep440, older, newer);

    [Theory]
    [InlineData("1.0RC1", "1.0rc1")]
    [InlineData("1.0-1", "1.0.post1")]
    [InlineData("v1.0", "1.0")]
    [InlineData("1.0", "1.0.0")]
    [InlineData("1.0alpha1", "1.0a1")]
    public void Pep440_Equal(string a, string b) => AssertEqual(VersionSchemes.Pep440, a, b);

    [Theory]
    [InlineData("1.0.0-alpha.9", "1.0.0-alpha.10")]
    [InlineData("1.0.0-alpha", "1.0.0-alpha.1")]
    [InlineData("1.0.0-alpha.1", "1.0.0-alpha.beta")]
    [InlineData("1.0.0-rc.1", "1.0.0")]
    [InlineData("1.0.0-A", "1.0.0-a")]       // by ASCII code
    public void SemVer_Older(string older, string newer) => AssertOlder(VersionSchemes.SemVer, older, newer);

    [Theory]
    [InlineData("1.0.0+build.1", "1.0.0+build.2")] // build metadata ignored
    [InlineData("v1.0.0", "1.0.0")]
    public void SemVer_Equal(string a, string b) => AssertEqual(VersionSchemes.SemVer, a, b);

    [Theory]
    [InlineData("1.0.0-beta", "1.0.0")]
    [InlineData("1.0.0", "1.0.0.1")]
    [InlineData("1.0.0-rc10", "1.0.0-rc2")]   // labels are text unless wholly numeric
    [InlineData("1.0.0-beta.9", "1.0.0-beta.10")]
    public void NuGet_Older(string older, string newer) => AssertOlder(VersionSchemes.NuGet, older, newer);

    [Theory]
    [InlineData("1.0", "1.0.0.0")]
    [InlineData("1.0.0-Beta", "1.0.0-beta")]
    [InlineData("1.0.0+abc", "1.0.0")]
    [InlineData("01.0", "1.0")]
    public void NuGet_Equal(string a, string b) => AssertEqual(VersionSchemes.NuGet, a, b);

    private static void AssertOlder(IVersionScheme scheme, string older, string newer)
    {
        Assert.Equal(-1, scheme.Read(older, "trap").CompareTo(scheme.Read(newer, "trap")));
        Assert.Equal(1, scheme.Read(newer, "trap").CompareTo(scheme.Read(older, "trap")));
    }

    private static void AssertEqual(IVersionScheme scheme, string a, string b) =>
        Assert.Equal(0, scheme.Read(a, "trap").CompareTo(scheme.Read(b, "trap")));
}
