using System.Text.Json;
using NJsonSchema;
using NexusPush.LocalFiles;

namespace NexusPush.Tests.Support;

/// <summary>
/// The committed schema of the JSON report (docs/report.schema.json). Every report a test run produces through
/// <see cref="CliRun"/> (stdout with --output json, and the --report file) is validated against it, so a field added
/// to the report without the schema, or the other way round, fails the suite.
/// </summary>
internal static class ReportSchema
{
    private static readonly Lazy<JsonSchema> Schema = new(() => JsonSchema.FromJsonAsync(File.ReadAllText(FindSchema())).GetAwaiter().GetResult());

    /// <summary>Why <paramref name="json"/> is not a valid report; empty when it is.</summary>
    public static IReadOnlyList<string> Problems(string json) =>
        Schema.Value.Validate(json).Select(error => $"{error.Path}: {error.Kind}").ToList();

    public static void AssertValid(string json, string what)
    {
        var problems = Problems(json);
        Assert.True(problems.Count == 0, $"{what} does not match docs/report.schema.json: {string.Join("; ", problems)}\n{json}");
    }

    /// <summary>Validates what a run produced: stdout when it is a JSON report, and the --report file when one was written.</summary>
    public static void CheckRun(IReadOnlyList<string> args, string stdout)
    {
        if (LooksLikeReport(stdout))
        {
            AssertValid(stdout, "the JSON report on stdout");
        }

        for (var i = 0; i < args.Count; i++)
        {
            var path = args[i] == "--report" && i + 1 < args.Count ? args[i + 1]
                : args[i].StartsWith("--report=", StringComparison.Ordinal) ? args[i]["--report=".Length..]
                : null;
            if (path is null || !File.Exists(path) || SpecialFiles.Describe(new FileInfo(path)) is not null)
            {
                continue;
            }

            AssertValid(File.ReadAllText(path), $"the report file {path}");
        }
    }

    /// <summary>A run report, not another verb's JSON (check, repos) nor text.</summary>
    private static bool LooksLikeReport(string stdout)
    {
        if (!stdout.TrimStart().StartsWith('{'))
        {
            return false;
        }

        try
        {
            using var document = JsonDocument.Parse(stdout);
            return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("items", out _);
        }
        catch (JsonException)
        {
            return stdout.Contains("\"items\"", StringComparison.Ordinal) || stdout.Contains("\"schemaVersion\"", StringComparison.Ordinal);
        }
    }

    private static string FindSchema()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            var candidate = Path.Combine(folder.FullName, "docs", "report.schema.json");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException("docs/report.schema.json not found above " + AppContext.BaseDirectory);
    }
}
