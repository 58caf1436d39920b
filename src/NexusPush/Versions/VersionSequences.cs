namespace NexusPush.Versions;

/// <summary>The orders of parts that several schemes share.</summary>
internal static class VersionSequences
{
    /// <summary>Part by part: the first difference decides, else the shorter is older (Python's tuple order).</summary>
    public static int Compare<T>(IReadOnlyList<T> a, IReadOnlyList<T> b, Func<T, T, int> compare)
    {
        for (var i = 0; i < Math.Min(a.Count, b.Count); i++)
        {
            var result = compare(a[i], b[i]);
            if (result != 0)
            {
                return Math.Sign(result);
            }
        }

        return a.Count.CompareTo(b.Count);
    }

    public static int Compare<T>(IReadOnlyList<T> a, IReadOnlyList<T> b) where T : IComparable<T> => Compare(a, b, (x, y) => x.CompareTo(y));

    /// <summary>
    /// SemVer's pre-release order (npm and NuGet): a release (no labels) after all its pre-releases, otherwise
    /// label by label, fewer labels first when the rest are equal.
    /// </summary>
    public static int ComparePrerelease(string[] a, string[] b, Func<string, string, int> compareLabels) =>
        a.Length == 0 || b.Length == 0 ? (a.Length == 0).CompareTo(b.Length == 0) : Compare(a, b, compareLabels);
}
