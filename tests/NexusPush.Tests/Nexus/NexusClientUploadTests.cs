using System.Security.Cryptography;
using NexusPush.Formats;
using NexusPush.Nexus;
using NexusPush.Tests.Support;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace NexusPush.Tests.Nexus;

/// <summary>What goes over the wire for one upload: nexus-contract.md §2.1 (encoding), §2.2 (fields).</summary>
public sealed class NexusClientUploadTests : IDisposable
{
    private readonly NexusFake _nexus = new();
    private readonly TempDir _dir = new();

    public void Dispose()
    {
        _nexus.Dispose();
        _dir.Dispose();
    }

    public static TheoryData<string, string, string?, string[]> Forms => new()
    {
        { "Raw", "raw.asset1", "docs/1.0", ["raw.directory=docs/1.0", "raw.asset1.filename=payload.bin"] },
        { "Raw", "raw.asset1", null, ["raw.directory=/", "raw.asset1.filename=payload.bin"] },
        { "Yum", "yum.asset", "el9/x86_64", ["yum.directory=el9/x86_64", "yum.asset.filename=payload.bin"] },
        { "Yum", "yum.asset", null, ["yum.asset.filename=payload.bin"] },
        { "Apt", "apt.asset", null, [] },
        { "PyPi", "pypi.asset", null, [] },
        { "Npm", "npm.asset", null, [] },
        { "NuGet", "nuget.asset", null, [] },
        { "Helm", "helm.asset", null, [] },
    };

    [Theory]
    [MemberData(nameof(Forms))]
    public async Task UploadAsync_EachFormat_SendsExactlyTheContractFieldsAndTheBytes(string format, string filePart, string? directory, string[] fields)
    {
        _nexus.StubUpload("repo");
        var content = RandomNumberGenerator.GetBytes(300_000);
        var path = _dir.Write("payload.bin", content);

        var receipt = await Clients.For(_nexus.Url).UploadAsync(
            new UploadRequest("repo", path, content.Length, ComponentForm.For(Enum.Parse<ArtifactFormat>(format), "payload.bin", directory), null), null, TestContext.Current.CancellationToken);

        var upload = Assert.Single(_nexus.Uploads);
        var parts = NexusFake.PartsOf(upload);
        var file = Assert.Single(parts, p => p.FileName is not null);
        Assert.Equal(filePart, file.Name);
        Assert.Equal(format == "Npm" ? "payload.bin.tgz" : "payload.bin", file.FileName); // §2.2: npm needs .tgz
        Assert.Equal(content, file.Content);
        Assert.Equal(fields.Order(), parts.Where(p => p.FileName is null).Select(p => $"{p.Name}={p.Text}").Order());
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(content)), receipt.Digest.Sha256);
        Assert.Equal(Convert.ToHexStringLower(SHA1.HashData(content)), receipt.Digest.Sha1);
        Assert.Equal(1, receipt.Attempts);
    }

    [Fact]
    public async Task UploadAsync_Always_SendsPreemptiveBasicAuthJsonAcceptUserAgentAndContentLength()
    {
        _nexus.StubUpload("raw-hosted");
        var path = _dir.Write("a.txt", "hello");

        await Clients.For(_nexus.Url, new Credentials("ci", "s3cret", "test")).UploadAsync(
            new UploadRequest("raw-hosted", path, 5, ComponentForm.For(ArtifactFormat.Raw, "a.txt", "/"), null), null, TestContext.Current.CancellationToken);

        var request = Assert.Single(_nexus.Uploads).RequestMessage!;
        Assert.Equal("Basic " + Convert.ToBase64String("ci:s3cret"u8), request.Headers!["Authorization"][0]);
        Assert.Equal("application/json", request.Headers["Accept"][0]);
        Assert.StartsWith("nexus-push/", request.Headers["User-Agent"][0], StringComparison.Ordinal);
        Assert.StartsWith("multipart/form-data", request.Headers["Content-Type"][0], StringComparison.Ordinal);
        Assert.True(request.Headers.ContainsKey("Content-Length"));
        Assert.Equal("raw-hosted", request.Query!["repository"][0]);
    }

    [Fact]
    public async Task UploadAsync_Two503sThen204_SucceedsOnThirdAttemptWithFullBodyEachTime()
    {
        var content = RandomNumberGenerator.GetBytes(50_000);
        var path = _dir.Write("flaky.bin", content);
        var upload = Request.Create().WithPath("/service/rest/v1/components").UsingPost();
        _nexus.Server.Given(upload).InScenario("flaky").WillSetStateTo("second").RespondWith(Response.Create().WithStatusCode(503));
        _nexus.Server.Given(upload).InScenario("flaky").WhenStateIs("second").WillSetStateTo("third").RespondWith(Response.Create().WithStatusCode(503));
        _nexus.Server.Given(upload).InScenario("flaky").WhenStateIs("third").RespondWith(Response.Create().WithStatusCode(204));

        var receipt = await Clients.For(_nexus.Url, retries: 5).UploadAsync(
            new UploadRequest("raw", path, content.Length, ComponentForm.For(ArtifactFormat.Raw, "flaky.bin", "/"), null), null, TestContext.Current.CancellationToken);

        Assert.Equal(3, receipt.Attempts);
        Assert.Equal(3, _nexus.Uploads.Count);
        Assert.All(_nexus.Uploads, u => Assert.Equal(content, NexusFake.PartsOf(u).Single(p => p.FileName is not null).Content));
    }

    [Fact]
    public async Task UploadAsync_429WithRetryAfter_WaitsThatLongBeforeRetrying()
    {
        var path = _dir.Write("a.txt", "hello");
        var upload = Request.Create().WithPath("/service/rest/v1/components").UsingPost();
        _nexus.Server.Given(upload).InScenario("limit").WillSetStateTo("ok").RespondWith(Response.Create().WithStatusCode(429).WithHeader("Retry-After", "1"));
        _nexus.Server.Given(upload).InScenario("limit").WhenStateIs("ok").RespondWith(Response.Create().WithStatusCode(204));

        var receipt = await Clients.For(_nexus.Url).UploadAsync(
            new UploadRequest("raw", path, 5, ComponentForm.For(ArtifactFormat.Raw, "a.txt", "/"), null), null, TestContext.Current.CancellationToken);

        Assert.Equal(2, receipt.Attempts);
        var times = _nexus.Uploads.Select(u => u.RequestMessage!.DateTime).ToList();

        // The base delay is 1 ms: only the server's Retry-After explains a gap of a second.
        Assert.True(times[1] - times[0] >= TimeSpan.FromMilliseconds(950), $"gap was {times[1] - times[0]}");
    }

    [Theory]
    [InlineData(401)]
    [InlineData(403)]
    [InlineData(400)]
    [InlineData(404)]
    [InlineData(409)]
    [InlineData(413)]
    [InlineData(422)]
    public async Task UploadAsync_NonTransientStatus_IsNotRetried(int status)
    {
        _nexus.StubUpload("raw", status);
        var path = _dir.Write("a.txt", "hello");

        await Assert.ThrowsAsync<NexusRequestException>(() => Clients.For(_nexus.Url, retries: 5).UploadAsync(
            new UploadRequest("raw", path, 5, ComponentForm.For(ArtifactFormat.Raw, "a.txt", "/"), null), null, TestContext.Current.CancellationToken));

        Assert.Single(_nexus.Uploads);
    }

    [Fact]
    public async Task HeadAsync_StoredPath_ReturnsSha1FromETag()
    {
        _nexus.StubStored("raw", "/a b/c#1.txt", "0123456789abcdef0123456789abcdef01234567");

        var asset = await Clients.For(_nexus.Url).HeadAsync("raw", "/a b/c#1.txt", TestContext.Current.CancellationToken);

        Assert.Equal("0123456789abcdef0123456789abcdef01234567", asset?.Sha1);
    }

    [Fact]
    public async Task HeadAsync_MissingPath_ReturnsNull() =>
        Assert.Null(await Clients.For(_nexus.StubAbsentByDefault().Url).HeadAsync("raw", "/nothing.txt", TestContext.Current.CancellationToken));
}
