using System.Text;
using System.Text.Json;
using NexusPush.Configuration;

namespace NexusPush.Tests.Configuration;

/// <summary>
/// What the config file may hold beyond its grammar: every repository name it gives is one Nexus accepts (checked at
/// load, with the line, escaped visibly), nothing follows the document, and loading is linear in the file's size.
/// </summary>
public sealed class ConfigNamesAndShapeTests
{
    /// <summary>"raw-ñew" and a zero-width space: Nexus refuses it, and printed raw the space is invisible.</summary>
    private const string Invisible = "raw-ñew\u200b";

    private static SyncConfig Parse(string json) => ConfigLoader.Parse(Encoding.UTF8.GetBytes(json), "nexus-push.json");

    [Theory]
    [InlineData("{\n\"setup\": {\"repositories\": [\n{\"name\": \"NAME\", \"format\": \"raw\", \"blobStore\": \"default\"}]}}", 3)]
    [InlineData("{\n\"rules\": [\n{\"match\": \"*.txt\",\n \"repository\": \"NAME\"}]}", 4)]
    [InlineData("{\n\"repositories\": {\n \"raw\": \"NAME\"}}", 3)]
    public void Parse_RepositoryNameNexusRefuses_Exits2WithTheLine_EscapedVisibly(string template, int line)
    {
        var error = Assert.Throws<UsageException>(() => Parse(template.Replace("NAME", Invisible, StringComparison.Ordinal)));

        Assert.Equal(2, error.ExitCode);
        Assert.Contains($"nexus-push.json line {line}", error.Message, StringComparison.Ordinal);
        Assert.Contains(@"'raw-ñew\342\200\213'", error.Message, StringComparison.Ordinal);
        Assert.Contains("is not a Nexus repository name", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("\u200b", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("../../escaped")]
    [InlineData("_leading-underscore")]
    [InlineData("with space")]
    public void Parse_RuleRepositoryOutsideNexussRule_Exits2(string name)
    {
        var error = Assert.Throws<UsageException>(() => Parse($$"""{"rules": [{"match": "*", "repository": "{{name}}"}]}"""));

        Assert.Contains("line 1", error.Message, StringComparison.Ordinal);
        Assert.Contains("is not a Nexus repository name", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ValidNames_AreAccepted()
    {
        var config = Parse("""
            {"repositories": {"raw": "3rd-party.raw_x"},
             "rules": [{"match": "*", "repository": "-dash.first"}],
             "setup": {"repositories": [{"name": "Raw_1.0", "format": "raw", "blobStore": "default"}]}}
            """);

        Assert.Equal("-dash.first", config.Rules[0].Repository);
        Assert.Equal("Raw_1.0", config.Setup.Repositories[0].Name);
    }

    [Fact]
    public void Parse_BlobStoreNameLongerThanNexusAllows_Exits2WithTheLine()
    {
        var name = new string('b', 256);

        var declared = Assert.Throws<UsageException>(() => Parse($"{{\"setup\": {{\"blobStores\": [\n{{\"name\": \"{name}\", \"bucket\": \"x\"}}]}}}}"));
        var used = Assert.Throws<UsageException>(() => Parse($"{{\"setup\": {{\"repositories\": [\n{{\"name\": \"r\", \"format\": \"raw\",\n \"blobStore\": \"{name}\"}}]}}}}"));

        Assert.Contains("nexus-push.json line 2:", declared.Message, StringComparison.Ordinal);
        Assert.Contains("blob store name", declared.Message, StringComparison.Ordinal);
        Assert.Contains("nexus-push.json line 3:", used.Message, StringComparison.Ordinal);
        Assert.NotNull(Parse($"{{\"setup\": {{\"blobStores\": [{{\"name\": \"{name[..255]}\", \"bucket\": \"x\"}}]}}}}"));
    }

    [Fact]
    public void Parse_BlobStoreNameWithControlCharacter_IsShownEscaped()
    {
        var error = Assert.Throws<UsageException>(() => Parse("{\"setup\": {\"blobStores\": [{\"name\": \"b\\u001b[2J\", \"bucket\": \"x\"}, {\"name\": \"b\\u001b[2J\", \"bucket\": \"y\"}]}}"));

        Assert.Contains(@"b\033[2J", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"url\": \"http://x/\"} garbage", 1)]
    [InlineData("{\"url\": \"http://x/\"}\n\n{\"url\": \"http://y/\"}", 3)]
    [InlineData("{\"url\": \"http://x/\"}\n]", 2)]
    public void Parse_TrailingContentAfterTheDocument_Exits2WithTheLine(string json, int line)
    {
        var error = Assert.Throws<UsageException>(() => Parse(json));

        Assert.Equal(2, error.ExitCode);
        Assert.Contains($"nexus-push.json line {line}: invalid JSON", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_TrailingCommentsAndWhitespace_AreFine()
    {
        Assert.Equal("http://x/", Parse("{\"url\": \"http://x/\"}\n// the end\n/* really */\n\n").Url);
    }

    /// <summary>
    /// Without a stopwatch: the bytes looked at to find lines grow with the file, not with its square. (Counting from
    /// the start for every key made 8 times the rules cost about 64 times the bytes: 350,000 rules never loaded.)
    /// </summary>
    [Fact]
    public void Load_LineLookups_AreLinearInTheFileSize()
    {
        var (small, smallScanned) = LoadRules(2_000);
        var (large, largeScanned) = LoadRules(16_000);

        Assert.True(smallScanned <= small, $"{smallScanned} bytes scanned for a file of {small}");
        Assert.True(largeScanned <= large, $"{largeScanned} bytes scanned for a file of {large}");
        Assert.InRange((double)largeScanned / smallScanned, 7.0, 9.0);
    }

    private static (long Size, long Scanned) LoadRules(int count)
    {
        var json = new StringBuilder("{\n  \"rules\": [\n");
        for (var i = 0; i < count; i++)
        {
            json.Append(i == 0 ? string.Empty : ",\n").Append($"    {{ \"match\": \"p{i}/*.txt\", \"repository\": \"raw-{i}\", \"format\": \"raw\" }}");
        }

        json.Append("\n  ],\n  \"setup\": {\"repositories\": [{\"name\": \"raw-x\", \"format\": \"raw\", \"blobStore\": \"default\"}]}\n}\n");
        var bytes = Encoding.UTF8.GetBytes(json.ToString());
        var parser = new ConfigParser(bytes, "big.json");
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
        var config = parser.ReadDocument(ref reader);
        Assert.Equal(count, config.Rules.Count);
        return (bytes.Length, parser.LineBytesScanned);
    }
}
