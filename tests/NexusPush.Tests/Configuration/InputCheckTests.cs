using System.Text;
using NexusPush.Configuration;
using NexusPush.Tests.Support;

namespace NexusPush.Tests.Configuration;

/// <summary>Input that can never work stops the run at once with exit 2 and one sentence, instead of failing every file.</summary>
public sealed class InputCheckTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private static SyncConfig Parse(string json) => ConfigLoader.Parse(Encoding.UTF8.GetBytes(json), "nexus-push.json");

    [Theory]
    [InlineData("0")]
    [InlineData("0.0")]
    [InlineData("-5")]
    public async Task Timeout_ZeroOrNegative_IsRefusedWithOneSentence(string value)
    {
        var run = await CliRun.RunAsync(["upload", _dir.Write("a.txt", "a"), "-r", "raw", "--url", Support.Faults.ClosedPort.Url(), "--retries", "0", $"--timeout={value}"])
            .WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"--timeout must be more than 0 seconds, not '{value}'", run.Stderr, StringComparison.Ordinal);
        Assert.Single(run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.Contains("--timeout", StringComparison.Ordinal));
    }

    [Fact]
    public async Task StallTimeoutZero_IsRefused_RetryDelayZeroIsNot()
    {
        var stall = await CliRun.RunAsync(["sync-dir", _dir.Path, "--dry-run", "--stall-timeout", "0"]);
        var delay = await CliRun.RunAsync(["sync-dir", _dir.Path, "--dry-run", "--retry-delay", "0"]);

        Assert.Equal(2, stall.ExitCode);
        Assert.Contains("--stall-timeout must be more than 0 seconds", stall.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("--retry-delay", delay.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\n  \"url\": \"https://a/\",\n  \"url\": \"https://b/\"\n}", "line 3: duplicate key 'url' (first on line 2)")]
    [InlineData("{\n  \"repositories\": {\n    \"raw\": \"a\",\n    \"RAW\": \"b\"\n  }\n}", "line 4: duplicate key 'RAW' in 'repositories' (first on line 3)")]
    [InlineData("{\"rules\": [\n {\"match\": \"*.txt\",\n  \"repository\": \"a\",\n  \"repository\": \"b\"}]}", "line 4: duplicate key 'repository' in a rule (first on line 3)")]
    [InlineData("{\n \"rules\": [],\n \"rules\": [ {\"match\": \"*\"} ]\n}", "line 3: duplicate key 'rules' (first on line 2)")]
    public void Config_DuplicateKey_StopsNamingTheLine(string json, string expected)
    {
        var error = Assert.Throws<UsageException>(() => Parse(json));

        Assert.Contains("nexus-push.json " + expected, error.Message, StringComparison.Ordinal);
        Assert.Equal(2, error.ExitCode);
    }

    [Theory]
    [InlineData("../x/{dir}", "a '.' or '..' segment")]
    [InlineData("{dir}/..", "a '.' or '..' segment")]
    [InlineData("releases/./{name}", "a '.' or '..' segment")]
    [InlineData("builds\\\\{dir}", "a backslash")]
    public void Config_TemplateThatCanNeverBeAValidPath_StopsAtLoad(string template, string problem)
    {
        var json = "{\"rules\": [\n {\"match\": \"{p}/*.txt\",\n  \"directory\": \"" + template + "\"}]}";

        var error = Assert.Throws<UsageException>(() => Parse(json));

        Assert.Contains("nexus-push.json line 3: 'directory' \"", error.Message, StringComparison.Ordinal);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
        Assert.Contains("no file could be uploaded with this rule", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{dir}/v.{name}")]
    [InlineData("..{p}")]
    [InlineData("{p}.d/{dir}")]
    [InlineData("/mirror/{dir}/")]
    public void Config_TemplateThatCanGiveAValidPath_Loads(string template)
    {
        var json = "{\"rules\": [\n {\"match\": \"{p}/*.txt\",\n  \"directory\": \"" + template + "\"}]}";

        Assert.Equal(template, Assert.Single(Parse(json).Rules).Directory!.Text);
    }

    [Fact]
    public async Task SyncDir_TemplateThatCanNeverBeValid_Exits2BeforeTouchingAnyFile()
    {
        using var tree = new TempDir();
        tree.Write("p/a.txt", "a");
        var config = _dir.Write("nexus-push.json", "{\n \"repositories\": {\"raw\": \"raw-h\"},\n \"rules\": [ {\"match\": \"**\", \"directory\": \"../x/{dir}\"} ]\n}");

        var run = await CliRun.RunAsync(["sync-dir", tree.Path, "--config", config, "--dry-run"]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("line 3: 'directory' \"../x/{dir}\"", run.Stderr, StringComparison.Ordinal);
    }
}
