using System.Globalization;

namespace NexusPush.Versions;

/// <summary>
/// A NuGet package version, read and ordered as NuGet.Versioning's <c>NuGetVersion</c> and
/// <c>VersionComparer.Default</c> do: one to four numbers (missing ones are 0, leading zeros allowed, each at most
/// 2147483647: <c>1.0 == 1.0.0.0 == 01.0.0</c>), then <c>-</c> and dot-separated release labels, then <c>+</c>
/// and metadata, which is ignored. A release sorts after its pre-releases; labels compare one by one, a label
/// <c>int.TryParse</c> reads as a number before any other and numerically, others case-insensitively by ASCII
/// code (<c>1.0.0-Beta == 1.0.0-beta</c>); fewer labels first when the rest are equal.
/// Not understood, as NuGet refuses them: more than four numbers or an empty one, a number above 2147483647, an
/// empty label, a character other than ASCII letters, digits and <c>-</c> in a label or in the metadata, and a
/// numeric label with a leading zero (<c>1.0.0-01</c>).
/// </summary>
internal sealed class NuGetSemVer : OrderedVersion
{
    private readonly int[] _numbers;
    private readonly string[] _labels;

    private NuGetSemVer(string text, int[] numbers, string[] labels) : base(text) => (_numbers, _labels) = (numbers, labels);

    public static VersionReading Read(string text)
    {
        if (VersionText.CommonProblem(text) is { } common)
        {
            return VersionReading.NotUnderstood(common);
        }

        var plus = text.IndexOf('+', StringComparison.Ordinal);
        var withoutMetadata = plus >= 0 ? text[..plus] : text;
        if (plus >= 0 && !text[(plus + 1)..].Split('.').All(part => IsValidPart(part, allowLeadingZeros: true)))
        {
            return VersionReading.NotUnderstood("the metadata after '+' is not dot-separated letters, digits and '-'");
        }

        var dash = withoutMetadata.IndexOf('-', StringComparison.Ordinal);
        var numberText = dash >= 0 ? withoutMetadata[..dash] : withoutMetadata;
        string[] labels = dash >= 0 ? withoutMetadata[(dash + 1)..].Split('.') : [];
        if (!labels.All(label => IsValidPart(label, allowLeadingZeros: false)))
        {
            return VersionReading.NotUnderstood("a release label is empty, has a character other than letters, digits and '-', or is a number with a leading zero");
        }

        var parts = numberText.Split('.');
        var numbers = new int[4];
        if (parts.Length > 4)
        {
            return VersionReading.NotUnderstood("the version has more than four numbers");
        }

        for (var i = 0; i < parts.Length; i++)
        {
            if (!VersionText.IsDigits(parts[i]) || !int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out numbers[i]))
            {
                return VersionReading.NotUnderstood("the version's numbers are not one to four numbers up to 2147483647 separated by '.'");
            }
        }

        return VersionReading.Of(new NuGetSemVer(text, numbers, labels));
    }

    protected override int CompareSameScheme(OrderedVersion other)
    {
        var that = (NuGetSemVer)other;
        var result = VersionSequences.Compare(_numbers, that._numbers);
        return result != 0 ? result : VersionSequences.ComparePrerelease(_labels, that._labels, CompareLabels);
    }

    /// <summary>
    /// NuGet reads a label as a number with <c>int.TryParse</c>, so <c>-1</c> (a label of the version
    /// <c>1.0.0--1</c>) is the number -1, and a number above 2147483647 is compared as text.
    /// </summary>
    private static int CompareLabels(string a, string b)
    {
        var aNumber = int.TryParse(a, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var x);
        var bNumber = int.TryParse(b, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var y);
        return aNumber && bNumber ? x.CompareTo(y)
            : aNumber != bNumber ? bNumber.CompareTo(aNumber)
            : Math.Sign(string.Compare(a, b, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>NuGet's rule for one label or metadata part: not empty, ASCII letters, digits and '-'; no <c>01</c> where leading zeros are not allowed.</summary>
    private static bool IsValidPart(string part, bool allowLeadingZeros) =>
        part.Length > 0
        && part.All(c => VersionText.IsDigit(c) || VersionText.IsLetter(c) || c == '-')
        && (allowLeadingZeros || part.Length == 1 || part[0] != '0' || !VersionText.IsDigits(part.AsSpan(1)));
}
