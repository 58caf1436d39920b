using System.CommandLine;
using System.Text.Json;
using NexusPush.Cli;
using NexusPush.Runs;
using NexusPush.Tests.Support;

namespace NexusPush.Tests.Cli;

/// <summary>The command line people expect from git and docker: shared options before the verb, a hint for a mistyped verb.</summary>
public sealed class SharedOptionsTests : IDisposable
{
    private readonly NexusFake _nexus = new();
    private readonly TempDir _dir = new();

    public void Dispose()
    {
        _nexus.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public async Task SharedOptions_BeforeTheVerb_TakeEffect()
    {
        _nexus.StoreUploads("raw-hosted");
        var file = _dir.Write("a.txt", "alpha");

        var run = await CliRun.RunAsync(["-v", "--url", _nexus.Url, "-o", "json", "--retry-delay", "0.001", "upload", file, "-r", "raw-hosted", "--no-preflight"]);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains("DBG", run.Stderr, StringComparison.Ordinal); // -v
        using var report = JsonDocument.Parse(run.Stdout); // -o json
        Assert.Equal("uploaded", report.RootElement.GetProperty("items")[0].GetProperty("action").GetString());
        Assert.Single(_nexus.Uploads); // --url
    }

    /// <summary>Each shared option a verb takes is accepted before that verb, with its value, and means the same there.</summary>
    [Theory]
    [InlineData("upload")]
    [InlineData("sync-dir")]
    [InlineData("replay")]
    [InlineData("check")]
    [InlineData("repos")]
    public void EverySharedOption_OfAVerb_ParsesBeforeTheVerb(string verb)
    {
        using var stdout = new StringWriter();
        var context = new CliContext(stdout, stdout, ProcessEnvironment.FromDictionary(new Dictionary<string, string>()));
        var root = CliApp.BuildRoot(context);
        var command = root.Subcommands.Single(c => c.Name == verb);
        string[] verbArgs = verb switch
        {
            "upload" => ["upload", "f.txt", "-r", "raw-hosted"],
            "sync-dir" or "replay" => [verb, "dir"],
            _ => [verb],
        };
        var shared = context.Options.All.Where(o => command.Options.Contains(o) && o != context.Options.PasswordArgument).ToList();
        Assert.NotEmpty(shared);

        foreach (var option in shared)
        {
            var value = SampleValue(option);
            string[] before = [option.Name, .. value, .. verbArgs];
            var args = VerbPosition.MoveSharedOptionsAfterVerb(before, root, context.Options);
            var parse = root.Parse(args);

            Assert.True(parse.Errors.Count == 0, $"{string.Join(' ', before)}: {string.Join("; ", parse.Errors.Select(e => e.Message))}");
            Assert.Equal(verb, parse.CommandResult.Command.Name);
            Assert.NotNull(parse.GetResult(option));
        }
    }

    [Theory]
    [InlineData("--timeout=7")]
    [InlineData("-q")]
    public void SharedOption_WrittenWithEquals_OrShort_MovesToo(string option)
    {
        using var stdout = new StringWriter();
        var context = new CliContext(stdout, stdout, ProcessEnvironment.FromDictionary(new Dictionary<string, string>()));
        var root = CliApp.BuildRoot(context);

        var args = VerbPosition.MoveSharedOptionsAfterVerb([option, "upload", "f.txt", "-r", "x"], root, context.Options);

        Assert.Equal(["upload", option, "f.txt", "-r", "x"], args);
    }

    [Fact]
    public async Task AnOptionTheVerbDoesNotTake_BeforeIt_IsStillRefused()
    {
        var run = await CliRun.RunAsync(["--report", Path.Combine(_dir.Path, "r.json"), "check"]);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("--report", run.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "sync", "out" }, "did you mean sync-dir?")]
    [InlineData(new[] { "uplaod", "a.deb", "-r", "apt" }, "did you mean upload?")]
    [InlineData(new[] { "-v", "--url", "http://127.0.0.1:9/", "replya", "fb" }, "did you mean replay?")]
    [InlineData(new[] { "chek" }, "did you mean check?")]
    [InlineData(new[] { "frobnicate" }, "'frobnicate' is not a nexus-push verb; the verbs are upload, sync-dir, replay, check, ")]
    public async Task UnknownVerb_OneSentenceWithTheNearestVerb_Exit2(string[] args, string expected)
    {
        var run = await CliRun.RunAsync(args);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        var line = Assert.Single(run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: '", line, StringComparison.Ordinal);
        Assert.Contains(expected, line, StringComparison.Ordinal);
        Assert.EndsWith(line.Contains("did you mean", StringComparison.Ordinal) ? "?" : ".", line, StringComparison.Ordinal);
        Assert.Empty(run.Stdout);
    }

    private static string[] SampleValue(Option option) =>
        option.ValueType == typeof(bool) ? []
        : option.ValueType == typeof(int) ? ["3"]
        : option.ValueType == typeof(TimeSpan?) ? ["7"]
        : option.ValueType == typeof(OutputFormat) ? ["json"]
        : option.ValueType == typeof(ConflictPolicy) ? ["skip"]
        : option.Name is "--url" or "--alert-webhook" ? ["http://127.0.0.1:9/"]
        : ["sample-value"];
}
