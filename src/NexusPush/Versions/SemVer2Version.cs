using System.Globalization;
using System.Text.RegularExpressions;

namespace NexusPush.Versions;

/// <summary>
/// A SemVer 2.0 version (npm packages, Helm charts), read and ordered as node's <c>semver</c> package does in its
/// default (strict) mode: <c>[v]MAJOR.MINOR.PATCH[-PRE][+BUILD]</c>, no leading zeros in numbers. Order: the three
/// numbers, then a pre-release before the release; pre-release identifiers one by one, numeric ones as numbers and
/// before alphanumeric ones, alphanumeric ones by ASCII code, fewer identifiers first when the rest are equal
/// (<c>1.0.0-alpha.9</c> &lt; <c>1.0.0-alpha.10</c> &lt; <c>1.0.0-alpha.beta</c>). Build metadata is ignored.
/// Not understood: anything else (<c>1.0</c>, <c>01.0.0</c>, <c>1.0.0-01</c>, <c>=1.0.0</c>, <c>1.0.0-</c>), and a
/// number above 9007199254740991, which node cannot hold exactly.
/// </summary>
internal sealed partial class SemVer2Version : OrderedVersion
{
    /// <summary>JavaScript's Number.MAX_SAFE_INTEGER: node's semver refuses bigger numbers.</summary>
    private const long MaxSafeInteger = 9007199254740991;

    private readonly long[] _numbers;
    private readonly string[] _prerelease;

    private SemVer2Version(string text, long[] numbers, string[] prerelease) : base(text) =>
        (_numbers, _prerelease) = (numbers, prerelease);

    public static VersionReading Read(string text)
    {
        if (VersionText.CommonProblem(text) is { } common)
        {
            return VersionReading.NotUnderstood(common);
        }

        var match = Pattern().Match(text);
        if (!match.Success)
        {
            return VersionReading.NotUnderstood("the version is not a SemVer 2.0 version");
        }

        var numbers = new long[3];
        for (var i = 0; i < 3; i++)
        {
            if (!TrySafeInteger(match.Groups[i + 1].Value, out numbers[i]))
            {
                return VersionReading.NotUnderstood("a number in the version is larger than 9007199254740991");
            }
        }

        var prerelease = match.Groups["pre"].Success ? match.Groups["pre"].Value.Split('.') : [];
        return prerelease.Any(id => VersionText.IsDigits(id) && !TrySafeInteger(id, out _))
            ? VersionReading.NotUnderstood("a number in the pre-release is larger than 9007199254740991")
            : VersionReading.Of(new SemVer2Version(text, numbers, prerelease));
    }

    protected override int CompareSameScheme(OrderedVersion other)
    {
        var that = (SemVer2Version)other;
        var result = VersionSequences.Compare(_numbers, that._numbers);
        return result != 0 ? result : VersionSequences.ComparePrerelease(_prerelease, that._prerelease, CompareIdentifiers);
    }

    private static int CompareIdentifiers(string a, string b)
    {
        bool aNumber = VersionText.IsDigits(a), bNumber = VersionText.IsDigits(b);
        return aNumber && bNumber ? VersionText.CompareDigits(a, b)
            : aNumber != bNumber ? bNumber.CompareTo(aNumber)
            : string.CompareOrdinal(a, b);
    }

    private static bool TrySafeInteger(string digits, out long value) =>
        long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value <= MaxSafeInteger;

    /// <summary>node semver's FULL pattern (its <c>\d</c> is ASCII, so <c>[0-9]</c> here).</summary>
    [GeneratedRegex("""
        \A v?
        (0|[1-9][0-9]*) \. (0|[1-9][0-9]*) \. (0|[1-9][0-9]*)
        (?: - (?<pre> (?:[0-9]*[a-zA-Z-][a-zA-Z0-9-]*|0|[1-9][0-9]*) (?:\.(?:[0-9]*[a-zA-Z-][a-zA-Z0-9-]*|0|[1-9][0-9]*))* ) )?
        (?: \+ [a-zA-Z0-9-]+ (?:\.[a-zA-Z0-9-]+)* )?
        \z
        """, RegexOptions.IgnorePatternWhitespace | RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
