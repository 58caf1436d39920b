using System.Text;
using NexusPush.Configuration;
using NexusPush.Formats;
using NexusPush.Tests.Support;

namespace NexusPush.Tests.Configuration;

public sealed class ConfigLoaderTests
{
    private static SyncConfig Parse(string json) => ConfigLoader.Parse(Encoding.UTF8.GetBytes(json), "nexus-push.json");

    [Fact]
    public void Parse_FullFileWithComments_ReadsEverything()
    {
        var config = Parse("""
            {
              /* connection */
              "url": "https://nexus.example.com/",
              "username": "ci", // never a password
              "repositories": { "apt": "apt-hosted", "raw": "raw-hosted" },
              "rules": [
                { "match": "{p}/el7/*.rpm", "repository": "nexus-yum", "directory": "el7/{p}", "format": "yum", "action": "upload" }
              ]
            }
            """);

        Assert.Equal(("https://nexus.example.com/", "ci"), (config.Url, config.Username));
        Assert.Equal("apt-hosted", config.Repositories[ArtifactFormat.Apt]);
        var rule = Assert.Single(config.Rules);
        Assert.Equal((ArtifactFormat.Yum, RuleAction.Upload, 7), (rule.Format!.Value, rule.Action, rule.Line));
        Assert.Equal(new ConnectionDefaults("https://nexus.example.com/", "ci", "nexus-push.json"), config.Connection);
    }

    [Theory]
    [InlineData("{\n  \"url\": \"x\",\n  \"pasword\": \"y\"\n}", "line 3: unknown key 'pasword'")]
    [InlineData("{\n  \"url\": \"x\"\n  \"username\": \"y\"\n}", "line 3: invalid JSON")]
    [InlineData("{\"rules\": [\n {\"match\": \"*.deb\",\n  \"format\": \"debian\"}]}", "line 3: unknown format 'debian'")]
    [InlineData("{\"rules\": [\n {\"match\": \"*.deb\", \"repo\": \"x\"}]}", "line 2: unknown rule key 'repo'")]
    [InlineData("{\"rules\": [\n {\"match\": \"{p}/*.txt\",\n \"directory\": \"{prodcut}\"}]}", "line 3: 'directory' \"{prodcut}\" uses {prodcut}")]
    [InlineData("{\"rules\": [\n {\"repository\": \"x\"}]}", "line 2: a rule has no 'match'")]
    [InlineData("{\"repositories\": {\n \"conda\": \"x\"}}", "line 2: repositories: unknown format 'conda'")]
    [InlineData("{\"rules\": [\n {\"match\": \"*\", \"action\": \"skip\"}]}", "line 2: unknown action 'skip'")]
    [InlineData("[]", "line 1: the file must hold one JSON object")]
    public void Parse_InvalidConfig_ThrowsUsageNamingLineAndProblem(string json, string expected)
    {
        var error = Assert.Throws<UsageException>(() => Parse(json));

        Assert.Contains("nexus-push.json " + expected, error.Message, StringComparison.Ordinal);
        Assert.Equal(2, error.ExitCode);
    }

    [Fact]
    public void Load_NoExplicitPathAndNoDefaultFile_IsEmpty()
    {
        using var dir = new TempDir();

        Assert.Same(SyncConfig.Empty, ConfigLoader.Load(null, dir.Path));
    }

    [Fact]
    public void Load_DefaultFilePresent_IsUsed()
    {
        using var dir = new TempDir();
        dir.Write("nexus-push.json", "{\"url\": \"http://127.0.0.1:1/\"}");

        Assert.Equal("http://127.0.0.1:1/", ConfigLoader.Load(null, dir.Path).Url);
    }

    [Fact]
    public void Load_ExplicitMissingFile_ThrowsUsage()
    {
        Assert.Throws<UsageException>(() => ConfigLoader.Load("/nonexistent/nexus-push.json", "/"));
    }

    [Theory]
    [InlineData("*/buster/*.deb", "prod/buster/a.deb", true)]
    [InlineData("*/buster/*.deb", "prod/x/buster/a.deb", false)]
    [InlineData("**/*.deb", "a.deb", true)]
    [InlineData("**/*.deb", "a/b/c/a.deb", true)]
    [InlineData("docs/**", "docs/a/b.txt", true)]
    [InlineData("*.DEB", "a.deb", false)]
    public void PathPattern_Match_FollowsGlobRules(string pattern, string path, bool matches)
    {
        Assert.Equal(matches, PathPattern.Parse(pattern).Match(path) is not null);
    }

    [Fact]
    public void PathPattern_NamedSegments_AreCaptured()
    {
        var captures = PathPattern.Parse("{product}/{version}/{dist}/*.deb").Match("tool/1.2/bookworm/tool.deb");

        Assert.Equal(("tool", "1.2", "bookworm"), (captures!["product"], captures["version"], captures["dist"]));
    }
}
