using System.Text.Json;
using NexusPush.Formats;

namespace NexusPush.Configuration;

/// <summary>
/// Reads the config file: JSON with comments and trailing commas allowed. Anything it does not understand — bad
/// JSON, an unknown key, a rule naming an unknown format or placeholder — stops the run with exit 2 and one line
/// that names the file, the line and the problem (an invalid config file is never half-applied).
/// </summary>
internal static class ConfigLoader
{
    public const string DefaultFileName = "nexus-push.json";

    private static readonly JsonReaderOptions ReaderOptions = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    /// <summary>
    /// <paramref name="explicitPath"/> when given (it must exist), else <c>nexus-push.json</c> in
    /// <paramref name="workingDirectory"/> when present, else <see cref="SyncConfig.Empty"/>.
    /// </summary>
    /// <exception cref="UsageException">The file is missing (explicit path), unreadable or invalid.</exception>
    public static SyncConfig Load(string? explicitPath, string workingDirectory)
    {
        var path = explicitPath ?? Path.Combine(workingDirectory, DefaultFileName);
        if (!File.Exists(path))
        {
            return explicitPath is null ? SyncConfig.Empty : throw new UsageException($"Config file {explicitPath} does not exist.");
        }

        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"Cannot read config file {path}: {e.Message}");
        }

        return Parse(bytes, Path.GetFullPath(path));
    }

    /// <exception cref="UsageException">The document is not a valid config.</exception>
    public static SyncConfig Parse(byte[] json, string source)
    {
        var bytes = json.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? json[3..] : json;
        var parser = new ConfigParser(bytes, source);
        var reader = new Utf8JsonReader(bytes, ReaderOptions);
        try
        {
            return parser.ReadDocument(ref reader);
        }
        catch (JsonException e)
        {
            var detail = e.Message.Split(" LineNumber:", 2)[0].TrimEnd('.', ' ');
            throw new UsageException($"{source} line {(e.LineNumber ?? 0) + 1}: invalid JSON: {detail}.");
        }
    }

    /// <summary>Known top-level keys, listed in error messages.</summary>
    internal static string TopLevelKeys => "url, username, repositories, rules, setup";

    internal static string RuleKeys => "match, repository, directory, format, action";

    internal static ArtifactFormat ParseFormat(string? text, Func<string, Exception> error) =>
        ArtifactFormats.TryParse(text, out var format) ? format : throw error($"unknown format '{text}' (known: {ArtifactFormats.AllIds})");
}
