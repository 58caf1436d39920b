using System.Globalization;

namespace NexusPush.Versions;

/// <summary>
/// A Debian version, <c>[epoch:]upstream[-revision]</c>, ordered exactly as <c>dpkg --compare-versions</c> orders
/// it: epochs as numbers, then upstream, then revision, each by dpkg's rule — runs of non-digits character by
/// character with <c>~</c> before everything (even the end), then letters, then every other character; runs of digits
/// as numbers. No revision is revision <c>0</c>.
/// Not understood, as dpkg refuses them: an empty or non-numeric epoch (before the first <c>:</c>) or one above
/// 2147483647, nothing after the epoch, an empty revision (a trailing <c>-</c>), an empty upstream version. What
/// dpkg only warns about (no leading digit, characters outside <c>. + - ~ :</c>) it still compares, and so does this;
/// that is also how a raw <c>{version}</c> folder such as <c>nightly-20261101</c> is ordered.
/// </summary>
internal sealed class DpkgVersion : OrderedVersion
{
    private readonly int _epoch;
    private readonly string _upstream;
    private readonly string _revision;

    private DpkgVersion(string text, int epoch, string upstream, string revision) : base(text) =>
        (_epoch, _upstream, _revision) = (epoch, upstream, revision);

    public static VersionReading Read(string text)
    {
        if (VersionText.CommonProblem(text) is { } common)
        {
            return VersionReading.NotUnderstood(common);
        }

        var rest = text;
        var epoch = 0;
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon >= 0)
        {
            var digits = text.AsSpan(0, colon);
            if (digits.IsEmpty)
            {
                return VersionReading.NotUnderstood("the epoch before ':' is empty");
            }

            if (!VersionText.IsDigits(digits))
            {
                return VersionReading.NotUnderstood("the epoch before ':' is not a number");
            }

            if (!int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out epoch))
            {
                return VersionReading.NotUnderstood("the epoch is larger than dpkg allows (2147483647)");
            }

            rest = text[(colon + 1)..];
            if (rest.Length == 0)
            {
                return VersionReading.NotUnderstood("nothing follows the epoch's ':'");
            }
        }

        var hyphen = rest.LastIndexOf('-');
        var upstream = hyphen >= 0 ? rest[..hyphen] : rest;
        var revision = hyphen >= 0 ? rest[(hyphen + 1)..] : string.Empty;
        if (hyphen >= 0 && revision.Length == 0)
        {
            return VersionReading.NotUnderstood("the revision after the last '-' is empty");
        }

        return upstream.Length == 0
            ? VersionReading.NotUnderstood("the upstream version is empty")
            : VersionReading.Of(new DpkgVersion(text, epoch, upstream, revision));
    }

    protected override int CompareSameScheme(OrderedVersion other)
    {
        var that = (DpkgVersion)other;
        var result = _epoch.CompareTo(that._epoch);
        if (result == 0)
        {
            result = Compare(_upstream, that._upstream);
        }

        return result != 0 ? result : Compare(_revision, that._revision);
    }

    /// <summary>dpkg's <c>verrevcmp</c>, over one part (upstream or revision).</summary>
    private static int Compare(string a, string b)
    {
        int i = 0, j = 0;
        while (i < a.Length || j < b.Length)
        {
            while ((i < a.Length && !VersionText.IsDigit(a[i])) || (j < b.Length && !VersionText.IsDigit(b[j])))
            {
                var difference = Order(At(a, i)) - Order(At(b, j));
                if (difference != 0)
                {
                    return difference;
                }

                i++;
                j++;
            }

            while (At(a, i) == '0')
            {
                i++;
            }

            while (At(b, j) == '0')
            {
                j++;
            }

            var firstDifference = 0;
            while (VersionText.IsDigit(At(a, i)) && VersionText.IsDigit(At(b, j)))
            {
                if (firstDifference == 0)
                {
                    firstDifference = a[i] - b[j];
                }

                i++;
                j++;
            }

            if (VersionText.IsDigit(At(a, i)))
            {
                return 1;
            }

            if (VersionText.IsDigit(At(b, j)))
            {
                return -1;
            }

            if (firstDifference != 0)
            {
                return firstDifference;
            }
        }

        return 0;
    }

    /// <summary>The end of a part, as C's terminating NUL.</summary>
    private static char At(string s, int index) => index < s.Length ? s[index] : '\0';

    /// <summary>dpkg's weight of a non-digit: <c>~</c> below the end (0), letters by code, everything else after letters.</summary>
    private static int Order(char c) =>
        VersionText.IsDigit(c) || c == '\0' ? 0
        : VersionText.IsLetter(c) ? c
        : c == '~' ? -1
        : c + 256;
}
