namespace NexusPush.Versions;

/// <summary>
/// An RPM <c>[epoch:]version[-release]</c>, ordered as rpm (4.15 and later) orders it: the epoch (none is 0), then
/// the version, then the release, each by <c>rpmvercmp</c> — alternating runs of digits (as numbers) and letters
/// (by code), a digit run newer than a letter run, every other character only a separator; <c>~</c> sorts before
/// anything, even the end (<c>1.0~rc1</c> &lt; <c>1.0</c>); <c>^</c> sorts after the end but before anything else
/// (<c>1.0</c> &lt; <c>1.0^git1</c> &lt; <c>1.0.1</c>). No release sorts before any release (even <c>~1</c>), as
/// rpm's own version objects (<c>rpm.ver</c>) do.
/// Not understood: an empty or non-numeric epoch, a second <c>:</c>, an empty version or release, or more than one
/// <c>-</c> (rpm allows a <c>-</c> in neither the version nor the release, so such a string cannot be split
/// without guessing).
/// </summary>
internal sealed class RpmVersion : OrderedVersion
{
    private readonly string _epoch;
    private readonly string _version;
    private readonly string? _release;

    private RpmVersion(string text, string epoch, string version, string? release) : base(text) =>
        (_epoch, _version, _release) = (epoch, version, release);

    public static VersionReading Read(string text)
    {
        if (VersionText.CommonProblem(text) is { } common)
        {
            return VersionReading.NotUnderstood(common);
        }

        var epoch = "0";
        var rest = text;
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon >= 0)
        {
            epoch = text[..colon];
            rest = text[(colon + 1)..];
            if (!VersionText.IsDigits(epoch))
            {
                return VersionReading.NotUnderstood(epoch.Length == 0 ? "the epoch before ':' is empty" : "the epoch before ':' is not a number");
            }

            if (rest.Contains(':', StringComparison.Ordinal))
            {
                return VersionReading.NotUnderstood("the version has more than one ':'");
            }
        }

        var hyphen = rest.IndexOf('-', StringComparison.Ordinal);
        if (hyphen >= 0 && rest.IndexOf('-', hyphen + 1) >= 0)
        {
            return VersionReading.NotUnderstood("the version has more than one '-', so where the release starts is unclear");
        }

        var version = hyphen >= 0 ? rest[..hyphen] : rest;
        var release = hyphen >= 0 ? rest[(hyphen + 1)..] : null;
        return version.Length == 0 ? VersionReading.NotUnderstood("the version is empty")
            : release is { Length: 0 } ? VersionReading.NotUnderstood("the release after '-' is empty")
            : VersionReading.Of(new RpmVersion(text, epoch, version, release));
    }

    protected override int CompareSameScheme(OrderedVersion other)
    {
        var that = (RpmVersion)other;
        var result = VerCmp(_epoch, that._epoch);
        if (result == 0)
        {
            result = VerCmp(_version, that._version);
        }

        return result != 0 ? result
            : _release is null || that._release is null ? (_release is not null).CompareTo(that._release is not null)
            : VerCmp(_release, that._release);
    }

    /// <summary>rpm's <c>rpmvercmp</c>.</summary>
    internal static int VerCmp(string a, string b)
    {
        if (a == b)
        {
            return 0;
        }

        int one = 0, two = 0;
        while (one < a.Length || two < b.Length)
        {
            while (one < a.Length && IsSeparator(a[one]))
            {
                one++;
            }

            while (two < b.Length && IsSeparator(b[two]))
            {
                two++;
            }

            char x = At(a, one), y = At(b, two);
            if (x == '~' || y == '~')
            {
                if (x != '~')
                {
                    return 1;
                }

                if (y != '~')
                {
                    return -1;
                }

                one++;
                two++;
                continue;
            }

            if (x == '^' || y == '^')
            {
                if (x == '\0')
                {
                    return -1;
                }

                if (y == '\0')
                {
                    return 1;
                }

                if (x != '^')
                {
                    return 1;
                }

                if (y != '^')
                {
                    return -1;
                }

                one++;
                two++;
                continue;
            }

            if (x == '\0' || y == '\0')
            {
                break;
            }

            var numeric = VersionText.IsDigit(x);
            Func<char, bool> inSegment = numeric ? VersionText.IsDigit : VersionText.IsLetter;
            int end1 = one, end2 = two;
            while (end1 < a.Length && inSegment(a[end1]))
            {
                end1++;
            }

            while (end2 < b.Length && inSegment(b[end2]))
            {
                end2++;
            }

            if (end2 == two)
            {
                return numeric ? 1 : -1; // a digit run is newer than a letter run
            }

            var segment1 = a.AsSpan(one, end1 - one);
            var segment2 = b.AsSpan(two, end2 - two);
            var result = numeric ? VersionText.CompareDigits(segment1, segment2) : Math.Sign(segment1.SequenceCompareTo(segment2));
            if (result != 0)
            {
                return result;
            }

            one = end1;
            two = end2;
        }

        return one >= a.Length && two >= b.Length ? 0 : one >= a.Length ? -1 : 1;
    }

    private static bool IsSeparator(char c) => !VersionText.IsDigit(c) && !VersionText.IsLetter(c) && c != '~' && c != '^';

    private static char At(string s, int index) => index < s.Length ? s[index] : '\0';
}
