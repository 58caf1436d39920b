using System.Globalization;

namespace NexusPush.Versions;

/// <summary>
/// What every scheme refuses before its own rules, and the character tests they share. Versions come from Nexus
/// (server input), so a version is at most <see cref="MaxLength"/> characters of printable ASCII with no space:
/// every ecosystem's real versions are, and the oracles either refuse the rest or order it by bytes and locale
/// rules that are not worth copying to keep a version that is kept anyway.
/// </summary>
internal static class VersionText
{
    /// <summary>node's semver refuses longer versions; no real version of any ecosystem comes near it.</summary>
    public const int MaxLength = 256;

    /// <summary>The reason <paramref name="text"/> is not understood by any scheme, or null.</summary>
    public static string? CommonProblem(string? text) =>
        string.IsNullOrEmpty(text) ? "the version is empty"
        : text.Length > MaxLength ? $"the version is longer than {MaxLength.ToString(CultureInfo.InvariantCulture)} characters"
        : text.Any(c => c is <= ' ' or > '~') ? "the version has a space, a control character or a non-ASCII character"
        : null;

    public static bool IsDigit(char c) => c is >= '0' and <= '9';

    public static bool IsLetter(char c) => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z');

    public static bool IsDigits(ReadOnlySpan<char> text) => !text.IsEmpty && !text.ContainsAnyExceptInRange('0', '9');

    /// <summary>
    /// Compares two runs of ASCII digits as the numbers they spell, of any length (leading zeros ignored), as rpm
    /// and Python do; no overflow.
    /// </summary>
    public static int CompareDigits(ReadOnlySpan<char> a, ReadOnlySpan<char> b)
    {
        a = a.TrimStart('0');
        b = b.TrimStart('0');
        return a.Length != b.Length ? a.Length.CompareTo(b.Length) : Math.Sign(a.SequenceCompareTo(b));
    }
}
