using NexusPush.Versions;

namespace NexusPush.Tests.Versions;

/// <summary>
/// What each scheme refuses ("not understood", with a reason) instead of guessing: everything its real tool refuses,
/// and a few things the tool reads that are refused here on purpose, listed below with why.
/// </summary>
public sealed class NotUnderstoodTests
{
    /// <summary>Read by the real tool, refused here: each is kept by prune, which is safe, and none is a real version.</summary>
    private static readonly Dictionary<string, string[]> StricterThanTheTool = new()
    {
        ["dpkg"] = ["+1:1.0"],                           // dpkg's strtol takes a sign on the epoch
        ["raw"] = [],
        ["rpm"] = [],
        ["pep440"] = [],
        ["semver"] = [" 1.0.0", "1.0.0-9007199254740992"], // node trims; a pre-release number node compares as a float
        ["nuget"] = [" 1.0"],                            // NuGet trims
    };

    [Theory]
    [MemberData(nameof(OracleData.Names), MemberType = typeof(OracleData))]
    public void WhatTheRealToolRefuses_IsNotUnderstood_AndTheRestIsRead(string name)
    {
        var scheme = OracleData.Schemes[name];

        var wrong = OracleData.Validity(name)
            .Select(v => (v.Text, v.Valid, Expected: v.Valid && !StricterThanTheTool[name].Contains(v.Text), Reading: scheme.Read(v.Text)))
            .Where(v => v.Reading.Understood != v.Expected)
            .Select(v => $"'{v.Text}': the real tool says {(v.Valid ? "valid" : "invalid")}, here {(v.Reading.Understood ? "understood" : "not understood: " + v.Reading.Problem)}")
            .ToList();

        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    public static TheoryData<string> AllSchemes => new(VersionSchemes.All.Select(s => s.Name));

    [Theory]
    [MemberData(nameof(AllSchemes))]
    public void EverySchemeRefuses_EmptySpacedControlNonAsciiAndOverlongText(string schemeName)
    {
        var scheme = VersionSchemes.All.Single(s => s.Name == schemeName);

        foreach (var text in new[] { "", "1.0.0 ", "\t1.0.0", "1.0.0\n", "1.0.0\u0000", "1.0.0-béta", "1.0.0-" + new string('a', 300) })
        {
            var reading = scheme.Read(text);
            Assert.False(reading.Understood, $"{scheme.Name} understood '{text}'");
            Assert.False(string.IsNullOrWhiteSpace(reading.Problem));
        }
    }

    [Theory]
    [InlineData(":1.0", "the epoch before ':' is empty")]
    [InlineData("a:1.0", "the epoch before ':' is not a number")]
    [InlineData("2147483648:1.0", "the epoch is larger than dpkg allows (2147483647)")]
    [InlineData("1:", "nothing follows the epoch's ':'")]
    [InlineData("1.0-", "the revision after the last '-' is empty")]
    [InlineData("-1", "the upstream version is empty")]
    [InlineData("1:-1", "the upstream version is empty")]
    public void Dpkg_NamesWhyItRefuses(string text, string problem) => Assert.Equal(problem, VersionSchemes.Dpkg.Read(text).Problem);

    [Theory]
    [InlineData(":1.0-1", "the epoch before ':' is empty")]
    [InlineData("a:1.0-1", "the epoch before ':' is not a number")]
    [InlineData("1:2:3-1", "the version has more than one ':'")]
    [InlineData("1.0-1-2", "the version has more than one '-', so where the release starts is unclear")]
    [InlineData("1.0-", "the release after '-' is empty")]
    [InlineData("-1", "the version is empty")]
    [InlineData("1:", "the version is empty")]
    public void Rpm_NamesWhyItRefuses(string text, string problem) => Assert.Equal(problem, VersionSchemes.Rpm.Read(text).Problem);

    [Theory]
    [InlineData("latest")]
    [InlineData("1.0.0-SNAPSHOT")]
    [InlineData("1.0+")]
    public void Pep440_RefusesWhatItsPatternDoesNotMatch(string text) =>
        Assert.Equal("the version is not a PEP 440 version", VersionSchemes.Pep440.Read(text).Problem);

    [Theory]
    [InlineData("1.0", "the version is not a SemVer 2.0 version")]
    [InlineData("01.0.0", "the version is not a SemVer 2.0 version")]
    [InlineData("1.0.0-01", "the version is not a SemVer 2.0 version")]
    [InlineData("9007199254740992.0.0", "a number in the version is larger than 9007199254740991")]
    [InlineData("1.0.0-9007199254740992", "a number in the pre-release is larger than 9007199254740991")]
    public void SemVer_NamesWhyItRefuses(string text, string problem) => Assert.Equal(problem, VersionSchemes.SemVer.Read(text).Problem);

    [Theory]
    [InlineData("1.0.0.0.0", "the version has more than four numbers")]
    [InlineData("2147483648.0", "the version's numbers are not one to four numbers up to 2147483647 separated by '.'")]
    [InlineData("v1.0", "the version's numbers are not one to four numbers up to 2147483647 separated by '.'")]
    [InlineData("1.0.0-01", "a release label is empty, has a character other than letters, digits and '-', or is a number with a leading zero")]
    [InlineData("1.0.0-beta..1", "a release label is empty, has a character other than letters, digits and '-', or is a number with a leading zero")]
    [InlineData("1.0.0+meta_1", "the metadata after '+' is not dot-separated letters, digits and '-'")]
    public void NuGet_NamesWhyItRefuses(string text, string problem) => Assert.Equal(problem, VersionSchemes.NuGet.Read(text).Problem);

    [Fact]
    public void SortedVersions_SetsAsideWhatItCannotRead_WithTheReason()
    {
        var sorted = SortedVersions.Of(VersionSchemes.Dpkg, ["1.0-1", "1.0-", "1.0~rc1-1", ":2"]);

        Assert.Equal(["1.0~rc1-1", "1.0-1"], sorted.OldestFirst.Select(v => v.Text));
        Assert.Equal([("1.0-", "the revision after the last '-' is empty"), (":2", "the epoch before ':' is empty")], sorted.NotUnderstood);
    }
}
