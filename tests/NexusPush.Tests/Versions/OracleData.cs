using NexusPush.Formats;
using NexusPush.Versions;

namespace NexusPush.Tests.Versions;

/// <summary>
/// The committed oracle data in Versions/data/: version pairs ordered by each ecosystem's real tool (dpkg, rpm,
/// Python's packaging, node's semver, NuGet.Versioning), made once by data/make-version-data.py; the tests only read it.
/// </summary>
internal static class OracleData
{
    /// <summary>The data sets, each with the scheme that must agree with its oracle.</summary>
    public static IReadOnlyDictionary<string, IVersionScheme> Schemes { get; } = new Dictionary<string, IVersionScheme>
    {
        ["dpkg"] = VersionSchemes.For(ArtifactFormat.Apt),
        ["raw"] = VersionSchemes.For(ArtifactFormat.Raw),
        ["rpm"] = VersionSchemes.For(ArtifactFormat.Yum),
        ["pep440"] = VersionSchemes.For(ArtifactFormat.PyPi),
        ["semver"] = VersionSchemes.For(ArtifactFormat.Npm),
        ["nuget"] = VersionSchemes.For(ArtifactFormat.NuGet),
    };

    public static TheoryData<string> Names => new(Schemes.Keys);

    private static readonly Lazy<string> Folder = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "NexusPush.Tests", "Versions", "data");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("tests/NexusPush.Tests/Versions/data not found above " + AppContext.BaseDirectory);
    });

    /// <summary>Every pair of <c>name.pairs.tsv</c> with the sign the oracle gave <c>a</c> compared with <c>b</c>.</summary>
    public static IReadOnlyList<(string A, string B, int Sign)> Pairs(string name) =>
        Rows($"{name}.pairs.tsv").Select(r => (r[0], r[1], int.Parse(r[2], System.Globalization.CultureInfo.InvariantCulture))).ToList();

    /// <summary>The versions list of a data set, oldest first, as the oracle sorted it.</summary>
    public static IReadOnlyList<string> Sorted(string name) => Rows($"{name}.sorted.txt").Select(r => r[0]).ToList();

    /// <summary>Edge strings with whether the oracle reads them; empty where the oracle reads everything (rpm).</summary>
    public static IReadOnlyList<(string Text, bool Valid)> Validity(string name) =>
        File.Exists(Path.Combine(Folder.Value, $"{name}.validity.tsv"))
            ? Rows($"{name}.validity.tsv").Select(r => (r[0], r[1] == "valid")).ToList()
            : [];

    private static IEnumerable<string[]> Rows(string file)
    {
        var path = Path.Combine(Folder.Value, file);
        Assert.True(File.Exists(path), $"{path} missing; run tests/NexusPush.Tests/Versions/data/make-version-data.py");
        return File.ReadAllLines(path).Where(l => l.Length > 0 && !l.StartsWith('#')).Select(l => l.Split('\t'));
    }

    /// <summary>Reads a version the test data says is valid; fails the test naming it otherwise.</summary>
    public static OrderedVersion Read(this IVersionScheme scheme, string text, string because) =>
        scheme.Read(text) is { Version: { } version } ? version : throw new Xunit.Sdk.XunitException($"{scheme.Name} did not understand '{text}' ({because}): {scheme.Read(text).Problem}");
}
