using NexusPush.Nexus;

namespace NexusPush.Tests.Nexus;

public sealed class NexusUrlTests
{
    [Theory]
    [InlineData("https://nexus.example.com", "https://nexus.example.com/")]
    [InlineData("https://nexus.example.com/", "https://nexus.example.com/")]
    [InlineData("https://nexus.example.com//", "https://nexus.example.com/")]
    [InlineData("http://host:8081/nexus", "http://host:8081/nexus/")]
    [InlineData("http://user:secret@host:8081/nexus/", "http://host:8081/nexus/")]
    public void TryParseBase_AnyTrailingSlashes_EndsWithExactlyOne(string input, string expected)
    {
        Assert.True(NexusUrl.TryParseBase(input, out var uri, out _));
        Assert.Equal(expected, uri.ToString());
    }

    [Theory]
    [InlineData("nexus.example.com")]
    [InlineData("ftp://nexus.example.com")]
    [InlineData("")]
    [InlineData("https://nexus.example.com/?x=1")]
    public void TryParseBase_NotAnHttpUrl_Fails(string input)
    {
        Assert.False(NexusUrl.TryParseBase(input, out _, out var error));
        Assert.NotNull(error);
    }

    [Fact]
    public void Redact_UrlWithCredentials_HidesThem()
    {
        Assert.Equal("see https://***@host/x", NexusUrl.Redact("see https://bob:hunter2@host/x"));
        Assert.Equal("https://host/x@y", NexusUrl.Redact("https://host/x@y"));
    }

    [Fact]
    public void Content_PathWithSpacesAndHash_IsEscapedPerSegment()
    {
        Assert.Equal("repository/raw/a%20b/c%23d.txt", NexusUrl.Content("raw", "/a b/c#d.txt"));
    }
}
