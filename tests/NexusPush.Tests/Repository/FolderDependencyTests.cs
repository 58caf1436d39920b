using System.Text;
using System.Text.RegularExpressions;

namespace NexusPush.Tests.Repository;

/// <summary>
/// The folders of src/NexusPush form layers: none may depend on another that depends back on it, directly or
/// through others. The command line (Cli/ and Program.cs) sits on top: it may use everything and nothing may use it.
/// A folder depends on another when one of its files imports the other's namespace (<c>using</c>), names it in full
/// (<c>NexusPush.X.</c>) or from a sibling namespace (<c>X.Type</c>), or uses a type of the root namespace, which
/// every NexusPush namespace sees without a <c>using</c>. Namespaces must match folders, or a file could leak in.
/// </summary>
public sealed partial class FolderDependencyTests
{
    private const string Root = "(root)";

    [Fact]
    public void Folders_HaveNoDependencyCycle()
    {
        var graph = FolderGraph.From(SourceFiles());

        var cycle = graph.FindCycle();

        Assert.True(cycle is null, cycle is null ? null : $"folders depend on each other: {graph.Describe(cycle)}");
    }

    [Fact]
    public void NothingBelowTheCommandLine_UsesIt()
    {
        var graph = FolderGraph.From(SourceFiles());

        var users = graph.Folders.Where(f => graph.DependenciesOf(f).Contains("Cli")).Select(f => $"{f} ({string.Join(", ", graph.FilesBetween(f, "Cli"))})").ToList();

        Assert.True(users.Count == 0, $"these folders use NexusPush.Cli, which only the entry point may: {string.Join("; ", users)}");
    }

    [Fact]
    public void EveryFile_DeclaresTheNamespaceOfItsFolder()
    {
        var wrong = SourceFiles()
            .Select(f => (f.Path, Declared: NamespaceLine().Match(f.Text) is { Success: true } m ? m.Groups[1].Value : null, Expected: ExpectedNamespace(f.Path)))
            .Where(f => f.Declared is not null && f.Declared != f.Expected)
            .Select(f => $"{f.Path} declares {f.Declared}, its folder is {f.Expected}")
            .ToList();

        Assert.Empty(wrong);
    }

    [Fact]
    public void Graph_SeesEveryKindOfReference()
    {
        var graph = FolderGraph.From(
        [
            ("A/One.cs", "using NexusPush.B;\nnamespace NexusPush.A;\nclass One { Two t; }"),
            ("B/Two.cs", "namespace NexusPush.B;\nclass Two { object x = C.Three.Make(); }"),
            ("C/Three.cs", "namespace NexusPush.C;\nclass Three { NexusPush.D.Four f; }"),
            ("D/Four.cs", "namespace NexusPush.D;\n/// <see cref=\"RootThing\"/>\nclass Four { // A.One in a comment is no reference\n string s = \"A.One\"; }"),
            ("Root.cs", "namespace NexusPush;\nclass RootThing { }"),
            ("E/Five.cs", "namespace NexusPush.E;\nclass Five { RootThing r; }"),
            ("Cli/Top.cs", "using NexusPush.A;\nnamespace NexusPush.Cli;\nclass Top { }"),
            ("F/Six.cs", "namespace NexusPush.F;\nclass Six { object c = Cli.Top.X; }"),
        ]);

        Assert.Equal("B", Assert.Single(graph.DependenciesOf("A")));
        Assert.Equal("C", Assert.Single(graph.DependenciesOf("B")));
        Assert.Equal("D", Assert.Single(graph.DependenciesOf("C")));
        Assert.Equal(Root, Assert.Single(graph.DependenciesOf("D")));
        Assert.Equal(Root, Assert.Single(graph.DependenciesOf("E")));
        Assert.Equal("Cli", Assert.Single(graph.DependenciesOf("F"))); // seen, so the test below can refuse it
        Assert.Null(graph.FindCycle());
    }

    [Fact]
    public void Graph_NamesATransitiveCycle()
    {
        var graph = FolderGraph.From(
        [
            ("A/One.cs", "using NexusPush.B;\nnamespace NexusPush.A;\nclass One { }"),
            ("B/Two.cs", "namespace NexusPush.B;\nclass Two { object x = C.Three.Make(); }"),
            ("C/Three.cs", "namespace NexusPush.C;\nclass Three { NexusPush.A.One o; }"),
        ]);

        var cycle = graph.FindCycle();

        Assert.NotNull(cycle);
        Assert.Equal("A -> B (A/One.cs) -> C (B/Two.cs) -> A (C/Three.cs)", graph.Describe(cycle));
    }

    private static string ExpectedNamespace(string path)
    {
        var folder = Path.GetDirectoryName(path)!.Replace('\\', '/');
        return folder.Length == 0 ? "NexusPush" : "NexusPush." + folder.Replace('/', '.');
    }

    /// <summary>Every .cs file under src/NexusPush, by its path relative to that folder ('/' separated).</summary>
    private static List<(string Path, string Text)> SourceFiles()
    {
        var source = Path.Combine(RepositoryRoot(), "src", "NexusPush");
        return Directory.EnumerateFiles(source, "*.cs", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(source, f).Replace('\\', '/'))
            .Where(f => !f.StartsWith("bin/", StringComparison.Ordinal) && !f.StartsWith("obj/", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(f => (f, File.ReadAllText(Path.Combine(source, f))))
            .ToList();
    }

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "NexusPush.sln")))
            {
                return folder.FullName;
            }
        }

        throw new DirectoryNotFoundException("NexusPush.sln not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex(@"^namespace\s+([\w.]+)\s*;", RegexOptions.Multiline)]
    private static partial Regex NamespaceLine();

    [GeneratedRegex(@"\bNexusPush\.(\w+)")]
    private static partial Regex QualifiedName();

    [GeneratedRegex(@"(?<![\w.])([A-Z]\w*)\.[A-Z]")]
    private static partial Regex SiblingName();

    [GeneratedRegex(@"^(?:(?:public|internal|sealed|static|abstract|partial|readonly|file)\s+)*(?:class|record(?:\s+struct)?|struct|interface|enum)\s+(\w+)", RegexOptions.Multiline)]
    private static partial Regex TopLevelType();

    [GeneratedRegex(@"cref=""([^""]*)""")]
    private static partial Regex Cref();

    [GeneratedRegex(@"\w+")]
    private static partial Regex Word();

    /// <summary>Folder → the folders it depends on, with the files that make each dependency.</summary>
    private sealed class FolderGraph
    {
        private readonly SortedDictionary<string, SortedDictionary<string, SortedSet<string>>> _edges = new(StringComparer.Ordinal);

        public static FolderGraph From(IEnumerable<(string Path, string Text)> files)
        {
            var sources = files.Where(f => f.Path != "Program.cs" && FolderOf(f.Path) != "Cli").ToList();
            var folders = sources.Select(f => FolderOf(f.Path)).Where(f => f != Root).ToHashSet(StringComparer.Ordinal);
            folders.Add("Cli");
            var rootTypes = sources.Where(f => FolderOf(f.Path) == Root)
                .SelectMany(f => TopLevelType().Matches(f.Text).Select(m => m.Groups[1].Value))
                .ToHashSet(StringComparer.Ordinal);

            var graph = new FolderGraph();
            foreach (var (path, text) in sources)
            {
                var from = FolderOf(path);
                graph._edges.TryAdd(from, new(StringComparer.Ordinal));
                var code = Code(text);
                foreach (Match m in QualifiedName().Matches(code))
                {
                    graph.Add(from, folders.Contains(m.Groups[1].Value) ? m.Groups[1].Value : Root, path);
                }

                foreach (Match m in SiblingName().Matches(code))
                {
                    if (folders.Contains(m.Groups[1].Value))
                    {
                        graph.Add(from, m.Groups[1].Value, path);
                    }
                }

                if (from != Root && Word().Matches(code).Any(w => rootTypes.Contains(w.Value)))
                {
                    graph.Add(from, Root, path);
                }
            }

            return graph;
        }

        public IEnumerable<string> Folders => _edges.Keys;

        public SortedSet<string> FilesBetween(string from, string to) =>
            _edges.TryGetValue(from, out var edges) && edges.TryGetValue(to, out var files) ? files : new(StringComparer.Ordinal);

        public IReadOnlyList<string> DependenciesOf(string folder) =>
            _edges.TryGetValue(folder, out var to) ? [.. to.Keys] : [];

        /// <summary>A path of folders that leads back to its first one, or null when the folders are layered.</summary>
        public List<string>? FindCycle()
        {
            var state = new Dictionary<string, bool>(StringComparer.Ordinal); // false: on the path; true: done
            var path = new List<string>();
            foreach (var start in _edges.Keys)
            {
                if (Visit(start, state, path) is { } cycle)
                {
                    return cycle;
                }
            }

            return null;
        }

        /// <summary>"A -> B (file in A that uses B) -> A (file in B that uses A)".</summary>
        public string Describe(List<string> cycle)
        {
            var text = new StringBuilder(cycle[0]);
            for (var i = 1; i < cycle.Count; i++)
            {
                var files = _edges[cycle[i - 1]][cycle[i]];
                text.Append(" -> ").Append(cycle[i]).Append(" (").AppendJoin(", ", files.Take(3)).Append(files.Count > 3 ? ", …)" : ")");
            }

            return text.ToString();
        }

        private List<string>? Visit(string folder, Dictionary<string, bool> state, List<string> path)
        {
            if (state.TryGetValue(folder, out var done))
            {
                return done ? null : [.. path.SkipWhile(f => f != folder), folder];
            }

            state[folder] = false;
            path.Add(folder);
            foreach (var next in DependenciesOf(folder))
            {
                if (Visit(next, state, path) is { } cycle)
                {
                    return cycle;
                }
            }

            path.RemoveAt(path.Count - 1);
            state[folder] = true;
            return null;
        }

        private static string FolderOf(string path) => path.Contains('/', StringComparison.Ordinal) ? path[..path.IndexOf('/', StringComparison.Ordinal)] : Root;

        /// <summary>The text without comments and string literals, but with what doc comments' crefs name (they need the same usings).</summary>
        private static string Code(string text)
        {
            var code = new StringBuilder(text.Length);
            foreach (var line in text.Split('\n'))
            {
                var trimmed = line.TrimStart();
                if (trimmed.StartsWith("///", StringComparison.Ordinal))
                {
                    code.AppendJoin(' ', Cref().Matches(line).Select(m => m.Groups[1].Value)).Append('\n');
                    continue;
                }

                code.Append(WithoutStringsAndComment(line)).Append('\n');
            }

            return code.ToString();
        }

        private static string WithoutStringsAndComment(string line)
        {
            var kept = new StringBuilder(line.Length);
            var inString = false;
            for (var i = 0; i < line.Length; i++)
            {
                var c = line[i];
                if (inString)
                {
                    if (c == '\\')
                    {
                        i++;
                    }
                    else if (c == '"')
                    {
                        inString = false;
                        kept.Append(c);
                    }

                    continue;
                }

                if (c == '/' && i + 1 < line.Length && line[i + 1] == '/')
                {
                    break;
                }

                if (c == '"')
                {
                    inString = true;
                }

                kept.Append(c);
            }

            return kept.ToString();
        }

        private void Add(string from, string to, string path)
        {
            if (from == to)
            {
                return;
            }

            if (!_edges[from].TryGetValue(to, out var files))
            {
                files = new(StringComparer.Ordinal);
                _edges[from][to] = files;
            }

            files.Add(path);
        }
    }
}
