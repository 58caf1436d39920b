using System.Text;
using System.Text.RegularExpressions;

namespace NexusPush.Tests.Repository;

/// <summary>
/// Comments and docs cite only what a clone contains: no notes that live outside the repository, no tracker numbers
/// (a reader of the code cannot open either), and every section of docs/nexus-contract.md they cite exists.
/// </summary>
public sealed partial class NoOutsideCitationsTests
{
    private static readonly string[] Folders = ["src", "tests", "bench", "docs", "samples", ".ci"];
    private static readonly string[] SectionFolders = ["src", "tests", "bench", "docs"];
    private static readonly string[] RootFiles = [".editorconfig", "Directory.Build.props", "Directory.Packages.props"];
    private const string ThisFile = "NoOutsideCitationsTests.cs";

    [Fact]
    public void Sources_CiteNoFileOutsideTheRepositoryAndNoTrackerNumber()
    {
        var root = RepositoryRoot();
        var findings = Folders
            .SelectMany(folder => TextFiles(Path.Combine(root, folder)))
            .Concat(RootFiles.Select(name => Path.Combine(root, name)).Where(File.Exists))
            .Where(path => Path.GetFileName(path) != ThisFile)
            .SelectMany(path => OutsideCitations(root, path))
            .ToList();

        Assert.True(findings.Count == 0, "Citations of files outside the repository or of tracker numbers:\n" + string.Join('\n', findings));
    }

    [Fact]
    public void Readme_CitesNoFileOutsideTheRepositoryAndNoTrackerNumber()
    {
        var root = RepositoryRoot();
        var findings = OutsideCitations(root, Path.Combine(root, "README.md")).ToList();

        Assert.True(findings.Count == 0, "README.md cites outside files or tracker numbers:\n" + string.Join('\n', findings));
    }

    [Fact]
    public void ContractSections_CitedAnywhere_ExistAsHeadings()
    {
        var root = RepositoryRoot();
        var contract = Path.Combine(root, "docs", "nexus-contract.md");
        var headings = File.ReadLines(contract)
            .Select(line => Heading().Match(line))
            .Where(m => m.Success)
            .Select(m => m.Groups["n"].Value)
            .ToHashSet(StringComparer.Ordinal);
        Assert.Contains("2.3", headings);

        var missing = new List<string>();
        foreach (var path in SectionFolders.SelectMany(f => TextFiles(Path.Combine(root, f))).Where(p => Path.GetFileName(p) != ThisFile))
        {
            var lineNumber = 0;
            foreach (var line in File.ReadLines(path))
            {
                lineNumber++;
                foreach (Match m in Section().Matches(line))
                {
                    if (!headings.Contains(m.Groups["n"].Value))
                    {
                        missing.Add($"{Path.GetRelativePath(root, path)}:{lineNumber}: §{m.Groups["n"].Value} is no heading of docs/nexus-contract.md");
                    }
                }
            }
        }

        Assert.True(missing.Count == 0, string.Join('\n', missing));
    }

    [Theory]
    [InlineData("// see nexus-api.md §4")]
    [InlineData("/// (style-guide §6.4)")]
    [InlineData("# peers.md §2")]
    [InlineData("<!-- toolchain.md §5 -->")]
    [InlineData("`shared/docs/x.md`")]
    [InlineData("/// <summary>Issue 5: retries</summary>")]
    [InlineData("// the lost answer of issue #7")]
    public void OutsideCitation_Examples_AreFound(string line) =>
        Assert.True(Outside().IsMatch(line), line);

    [Theory]
    [InlineData("// nexus-contract.md §2.4: ALLOW_ONCE refuses identical bytes")]
    [InlineData("(sonatype/nexus-public issues #883, #736)")]
    [InlineData("RFC 9110 §10.2.3")]
    public void AllowedCitation_Examples_AreNotFound(string line) =>
        Assert.False(Outside().IsMatch(line), line);

    private static IEnumerable<string> OutsideCitations(string root, string path)
    {
        var lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            if (Outside().Match(line) is { Success: true } m)
            {
                yield return $"{Path.GetRelativePath(root, path)}:{lineNumber}: '{m.Value}' in: {line.Trim()}";
            }
        }
    }

    /// <summary>Every text file under <paramref name="folder"/>, build output, generated data and binary fixtures left out.</summary>
    private static IEnumerable<string> TextFiles(string folder)
    {
        if (!Directory.Exists(folder))
        {
            yield break;
        }

        foreach (var path in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
        {
            // Folders whose name starts with a dot hold what scripts make, never sources (bench/.out, bench/.data).
            var folders = Path.GetRelativePath(folder, path).Split(Path.DirectorySeparatorChar)[..^1];
            if (folders.Any(p => p is "bin" or "obj" or "node_modules" || p.StartsWith('.')) || !IsText(path))
            {
                continue;
            }

            yield return path;
        }
    }

    private static bool IsText(string path)
    {
        var buffer = new byte[8192];
        using var stream = File.OpenRead(path);
        var read = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        if (Array.IndexOf(buffer, (byte)0, 0, read) >= 0)
        {
            return false;
        }

        try
        {
            _ = new UTF8Encoding(false, true).GetCharCount(buffer, 0, read);
            return true;
        }
        catch (DecoderFallbackException)
        {
            // A multi-byte character cut at the buffer's end still counts as text.
            return read == buffer.Length;
        }
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "NexusPush.sln")))
        {
            dir = dir.Parent;
        }

        Assert.NotNull(dir);
        return dir.FullName;
    }

    [GeneratedRegex(@"nexus-api\.md|style-guide|peers\.md|toolchain\.md|shared/docs|\bissue\s*#?\d+", RegexOptions.IgnoreCase)]
    private static partial Regex Outside();

    [GeneratedRegex(@"^#{2,3} (?<n>\d+(?:\.\d+)?)\.? ")]
    private static partial Regex Heading();

    /// <summary>A section sign with a number, unless it is an RFC's section (RFC 9110 §10.2.3).</summary>
    [GeneratedRegex(@"(?<!RFC \d+ )§(?<n>\d+(?:\.\d+)?)")]
    private static partial Regex Section();
}
