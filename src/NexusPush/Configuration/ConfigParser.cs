using System.Text.Json;
using NexusPush.Formats;

namespace NexusPush.Configuration;

/// <summary>The config file's grammar, read token by token so every error can name its line.</summary>
internal sealed class ConfigParser(byte[] bytes, string source)
{
    private readonly LineCounter _lines = new(bytes);

    /// <summary>How many bytes finding lines cost, for the test that loading stays linear.</summary>
    internal long LineBytesScanned => _lines.BytesScanned;

    public SyncConfig ReadDocument(ref Utf8JsonReader reader)
    {
        Next(ref reader);
        Expect(ref reader, JsonTokenType.StartObject, "the file must hold one JSON object");
        var setup = SetupDeclaration.None;
        string? url = null;
        string? username = null;
        var repositories = new Dictionary<ArtifactFormat, string>();
        var rules = new List<RoutingRule>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        while (NextProperty(ref reader) is { } key)
        {
            var keyLine = Line(ref reader);
            NotSeen(seen, key, keyLine, string.Empty);
            Next(ref reader);
            switch (key)
            {
                case "$schema":
                    ReadString(ref reader, key);
                    break;
                case "url":
                    url = ReadString(ref reader, key);
                    break;
                case "username":
                    username = ReadString(ref reader, key);
                    break;
                case "repositories":
                    ReadRepositories(ref reader, repositories);
                    break;
                case "rules":
                    Expect(ref reader, JsonTokenType.StartArray, "'rules' must be an array of objects");
                    while (Next(ref reader) != JsonTokenType.EndArray)
                    {
                        rules.Add(ReadRule(ref reader));
                    }

                    break;
                case "setup":
                    setup = new SetupDeclarationParser(_lines, source).Read(ref reader);
                    break;
                default:
                    throw Error(keyLine, $"unknown key '{key}' (known: {ConfigLoader.TopLevelKeys})");
            }
        }

        // Nothing may follow the document but whitespace and comments: the reader refuses anything else with its line.
        if (reader.Read())
        {
            throw Error(Line(ref reader), "something follows the config object; the file must hold one JSON object");
        }

        return new SyncConfig { SourcePath = source, Url = url, Username = username, Repositories = repositories, Rules = rules, Setup = setup };
    }

    private void ReadRepositories(ref Utf8JsonReader reader, Dictionary<ArtifactFormat, string> repositories)
    {
        Expect(ref reader, JsonTokenType.StartObject, "'repositories' must be an object such as {\"apt\": \"apt-hosted\"}");
        var seen = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        while (NextProperty(ref reader) is { } formatId)
        {
            var line = Line(ref reader);
            var format = ConfigLoader.ParseFormat(formatId, message => Error(line, "repositories: " + message));
            NotSeen(seen, format.NexusId(), line, " in 'repositories'", formatId);
            Next(ref reader);
            repositories[format] = RepositoryName(ReadString(ref reader, $"repositories.{formatId}"), Line(ref reader));
        }
    }

    private RoutingRule ReadRule(ref Utf8JsonReader reader)
    {
        var ruleLine = Line(ref reader);
        Expect(ref reader, JsonTokenType.StartObject, "each rule must be an object");
        var fields = new Dictionary<string, (string Value, int Line)>(StringComparer.Ordinal);
        while (NextProperty(ref reader) is { } key)
        {
            var line = Line(ref reader);
            if (key is not ("match" or "repository" or "directory" or "format" or "action"))
            {
                throw Error(line, $"unknown rule key '{key}' (known: {ConfigLoader.RuleKeys})");
            }

            if (fields.TryGetValue(key, out var first))
            {
                throw Error(line, $"duplicate key '{key}' in a rule (first on line {first.Line})");
            }

            Next(ref reader);
            fields[key] = (ReadString(ref reader, key), line);
        }

        if (!fields.TryGetValue("match", out var match))
        {
            throw Error(ruleLine, "a rule has no 'match'");
        }

        return BuildRule(fields, match, ruleLine);
    }

    private RoutingRule BuildRule(Dictionary<string, (string Value, int Line)> fields, (string Value, int Line) match, int ruleLine)
    {
        var pattern = Try(match.Line, () => PathPattern.Parse(match.Value));
        ArtifactFormat? format = fields.TryGetValue("format", out var f) ? ConfigLoader.ParseFormat(f.Value, message => Error(f.Line, message)) : null;
        var action = RuleAction.Upload;
        if (fields.TryGetValue("action", out var a))
        {
            action = a.Value switch
            {
                "upload" => RuleAction.Upload,
                "ignore" => RuleAction.Ignore,
                _ => throw Error(a.Line, $"unknown action '{a.Value}' (known: upload, ignore)"),
            };
        }

        DirectoryTemplate? directory = null;
        if (fields.TryGetValue("directory", out var d))
        {
            if (format is { } fixedFormat && fixedFormat is not (ArtifactFormat.Raw or ArtifactFormat.Yum))
            {
                throw Error(d.Line, $"'directory' applies to raw and yum only; {fixedFormat.NexusId()} paths come from the package metadata");
            }

            directory = Try(d.Line, () => DirectoryTemplate.Parse(d.Value, pattern.Names));
        }

        var repository = fields.TryGetValue("repository", out var r) ? r.Value.Trim() : null;
        if (repository is "")
        {
            throw Error(r.Line, "'repository' is empty");
        }

        if (repository is not null)
        {
            RepositoryName(repository, r.Line);
        }

        return new RoutingRule { Match = pattern, Repository = repository, Directory = directory, Format = format, Action = action, Line = ruleLine };
    }

    /// <summary>
    /// A key given twice: JSON readers disagree on which one wins (this one took the last), so the file is refused rather
    /// than half-meant.
    /// </summary>
    private void NotSeen(Dictionary<string, int> seen, string key, int line, string where, string? spelled = null)
    {
        if (!seen.TryAdd(key, line))
        {
            throw Error(line, $"duplicate key '{spelled ?? key}'{where} (first on line {seen[key]})");
        }
    }

    /// <summary>Nexus's own name rule (docs/nexus-contract.md §9.2), checked at load so a bad name never reaches a request.</summary>
    private string RepositoryName(string name, int line) => Nexus.RepositoryName.Checked(name, $"{source} line {line}");

    private T Try<T>(int line, Func<T> parse)
    {
        try
        {
            return parse();
        }
        catch (FormatException e)
        {
            throw Error(line, e.Message);
        }
    }

    private string ReadString(ref Utf8JsonReader reader, string key) =>
        reader.TokenType == JsonTokenType.String ? reader.GetString()! : throw Error(Line(ref reader), $"'{key}' must be a string");

    private static string? NextProperty(ref Utf8JsonReader reader) =>
        Next(ref reader) == JsonTokenType.PropertyName ? reader.GetString() : null;

    private static JsonTokenType Next(ref Utf8JsonReader reader) =>
        reader.Read() ? reader.TokenType : throw new JsonException("The file ends too early", null, 0, 0);

    private void Expect(ref Utf8JsonReader reader, JsonTokenType type, string message)
    {
        if (reader.TokenType != type)
        {
            throw Error(Line(ref reader), message);
        }
    }

    private int Line(ref Utf8JsonReader reader) => _lines.LineAt(reader.TokenStartIndex);

    private UsageException Error(int line, string message) => new($"{source} line {line}: {message}.");
}
