namespace NexusPush.Tests.Formats;

/// <summary>The committed real packages made by tests/fixtures/make-fixtures.sh, found by walking up from the test binary.</summary>
internal static class PackageFixtures
{
    private static readonly Lazy<string> Folder = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "fixtures", "packages");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("tests/fixtures/packages not found above " + AppContext.BaseDirectory);
    });

    public static string PathOf(string name)
    {
        var path = Path.Combine(Folder.Value, name);
        return File.Exists(path) ? path : throw new FileNotFoundException("fixture missing; run tests/fixtures/make-fixtures.sh", path);
    }

    public static byte[] Bytes(string name) => File.ReadAllBytes(PathOf(name));

    /// <summary>Every committed fixture's file name.</summary>
    public static IEnumerable<string> All => Directory.EnumerateFiles(Folder.Value).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal);
}
