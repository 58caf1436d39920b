using System.Text.RegularExpressions;

namespace NexusPush.Versions;

/// <summary>
/// A Python package version, read and ordered as PEP 440 says and Python's <c>packaging.version.Version</c> does:
/// <c>[v][N!]N(.N)*[{a|b|rc}N][.postN][.devN][+local]</c>, with the spellings PEP 440 normalises (any case,
/// <c>alpha</c>/<c>beta</c>/<c>c</c>/<c>pre</c>/<c>preview</c>, <c>-</c>/<c>_</c>/<c>.</c> separators or none,
/// implicit numbers, <c>1.0-1</c> for <c>1.0.post1</c>, <c>rev</c>/<c>r</c> for post). Order: epoch, release (trailing
/// zeros ignored: <c>1.0 == 1.0.0</c>), then <c>.devN</c> &lt; <c>aN</c> &lt; <c>bN</c> &lt; <c>rcN</c> &lt; the
/// release &lt; <c>.postN</c> (a dev release sorting just before what it is a dev of), then the local version
/// (none first; segments numeric after alphanumeric).
/// Not understood: anything that pattern does not match, as <c>packaging</c> refuses it — <c>dev</c>, <c>latest</c>,
/// <c>1.0.0-SNAPSHOT</c>, <c>1.0_1</c>, <c>1.0+</c> (while <c>1.0-beta-2</c> is <c>1.0b0.post2</c> and <c>2013b</c> is
/// <c>2013b0</c>).
/// </summary>
internal sealed partial class Pep440Version : OrderedVersion
{
    private readonly string _epoch;
    private readonly string[] _release;
    private readonly Rank _pre;
    private readonly Rank _post;
    private readonly Rank _dev;
    private readonly string[]? _local;

    private Pep440Version(string text, Match m) : base(text)
    {
        _epoch = m.Groups["epoch"].Success ? m.Groups["epoch"].Value : "0";
        var release = m.Groups["release"].Value.Split('.');
        var length = release.Length;
        while (length > 1 && release[length - 1].AsSpan().TrimStart('0').IsEmpty)
        {
            length--;
        }

        _release = release[..length];
        var pre = m.Groups["pre"].Success ? new Rank(0, PreLetter(m.Groups["pre_l"].Value), Number(m.Groups["pre_n"])) : null;
        var post = m.Groups["post"].Success ? new Rank(0, "post", Number(m.Groups["post_n1"].Success ? m.Groups["post_n1"] : m.Groups["post_n2"])) : null;
        var dev = m.Groups["dev"].Success ? new Rank(0, "dev", Number(m.Groups["dev_n"])) : null;

        // packaging's sort key: a bare dev release (1.0.dev1) sorts before every pre-release of 1.0; no
        // pre-release after them all; no post release before any; no dev release after any.
        _pre = pre ?? (post is null && dev is not null ? Rank.Lowest : Rank.Highest);
        _post = post ?? Rank.Lowest;
        _dev = dev ?? Rank.Highest;
        _local = m.Groups["local"].Success ? m.Groups["local"].Value.ToLowerInvariant().Split('-', '_', '.') : null;
    }

    public static VersionReading Read(string text)
    {
        if (VersionText.CommonProblem(text) is { } common)
        {
            return VersionReading.NotUnderstood(common);
        }

        var match = Pattern().Match(text);
        return match.Success
            ? VersionReading.Of(new Pep440Version(text, match))
            : VersionReading.NotUnderstood("the version is not a PEP 440 version");
    }

    protected override int CompareSameScheme(OrderedVersion other)
    {
        var that = (Pep440Version)other;
        var result = VersionText.CompareDigits(_epoch, that._epoch);
        if (result == 0)
        {
            result = VersionSequences.Compare(_release, that._release, (x, y) => VersionText.CompareDigits(x, y));
        }

        if (result == 0)
        {
            result = _pre.CompareTo(that._pre);
        }

        if (result == 0)
        {
            result = _post.CompareTo(that._post);
        }

        if (result == 0)
        {
            result = _dev.CompareTo(that._dev);
        }

        return result != 0 ? result : CompareLocal(_local, that._local);
    }

    /// <summary>No local version first; then segment by segment, alphanumeric before numeric, a shorter prefix first.</summary>
    private static int CompareLocal(string[]? a, string[]? b) =>
        a is null || b is null ? (a is null).CompareTo(b is null) * -1 : VersionSequences.Compare(a, b, CompareLocalSegment);

    private static int CompareLocalSegment(string x, string y)
    {
        bool xNumber = VersionText.IsDigits(x), yNumber = VersionText.IsDigits(y);
        return xNumber && yNumber ? VersionText.CompareDigits(x, y)
            : xNumber != yNumber ? xNumber.CompareTo(yNumber)
            : string.CompareOrdinal(x, y);
    }

    private static string PreLetter(string spelled) => spelled.ToLowerInvariant() switch
    {
        "alpha" or "a" => "a",
        "beta" or "b" => "b",
        _ => "rc", // c, pre, preview, rc
    };

    private static string Number(Group group) => group.Success ? group.Value : "0";

    /// <summary>
    /// One segment of the sort key: below everything (<see cref="Lowest"/>), a letter and a number, or above
    /// everything (<see cref="Highest"/>).
    /// </summary>
    private sealed record Rank(int Bound, string Letter, string Number) : IComparable<Rank>
    {
        public static Rank Lowest { get; } = new(-1, string.Empty, "0");

        public static Rank Highest { get; } = new(1, string.Empty, "0");

        public int CompareTo(Rank? other)
        {
            ArgumentNullException.ThrowIfNull(other);
            if (Bound != 0 || other.Bound != 0)
            {
                return Bound.CompareTo(other.Bound);
            }

            var result = string.CompareOrdinal(Letter, other.Letter);
            return result != 0 ? Math.Sign(result) : VersionText.CompareDigits(Number, other.Number);
        }
    }

    /// <summary>packaging's VERSION_PATTERN, case-insensitive, anchored (surrounding spaces are refused before it).</summary>
    [GeneratedRegex("""
        \A v?
        (?: (?<epoch>[0-9]+)! )?
        (?<release>[0-9]+(?:\.[0-9]+)*)
        (?<pre> [-_.]? (?<pre_l>alpha|a|beta|b|preview|pre|c|rc) [-_.]? (?<pre_n>[0-9]+)? )?
        (?<post> (?:-(?<post_n1>[0-9]+)) | (?: [-_.]? (?<post_l>post|rev|r) [-_.]? (?<post_n2>[0-9]+)? ) )?
        (?<dev> [-_.]? (?<dev_l>dev) [-_.]? (?<dev_n>[0-9]+)? )?
        (?: \+ (?<local>[a-z0-9]+(?:[-_.][a-z0-9]+)*) )?
        \z
        """, RegexOptions.IgnoreCase | RegexOptions.IgnorePatternWhitespace | RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex Pattern();
}
