using NexusPush.Cli;
using NexusPush.Nexus;

namespace NexusPush.Tests.Nexus;

/// <summary>Every status/body shape of nexus-contract.md §1.1, §2.3, §2.4, §6 and §8 → kind, exit code and the sentence's key words.</summary>
public sealed class ResponseClassifierTests
{
    private static readonly NexusRequestContext Upload = new("nexus:8081", "raw-hosted", "/a/b.txt", "ci-bot", IsUpload: true);

    public static TheoryData<int, string, string, string> Cases => new()
    {
        // §1 / §1.1
        { 401, "", "Auth", "refused the credentials of user 'ci-bot'" },
        { 403, "", "Auth", "may not use repository 'raw-hosted'" },
        { 429, "Too many authentication attempts", "Auth", "locked out" },
        { 429, "", "ServerError", "rate-limiting" },

        // §2.3
        { 400, "[{\"id\":\"*\",\"message\":\"\\\"Expected multipart Content-Type\\\"\"}]", "Rejected", "Expected multipart Content-Type" },
        { 404, "", "Configuration", "Repository 'raw-hosted' does not exist" },
        { 400, "[{\"id\":\"*\",\"message\":\"Repository offline\"}]", "Configuration", "is offline" },
        { 400, "[{\"id\":\"*\",\"message\":\"Uploading components to a 'proxy' type repository is unsupported, must be 'hosted'\"}]", "Configuration", "proxy or group repository" },
        { 400, "[{\"id\":\"*\",\"message\":\"Uploading components to 'conda' repositories is unsupported\"}]", "Configuration", "does not accept uploads" },
        { 400, "[{\"id\":\"directory\",\"message\":\"Missing required component field 'Directory'\"},{\"id\":\"*\",\"message\":\"No assets found in upload\"}]", "Rejected", "Missing required component field 'Directory'; No assets found in upload" },
        { 400, "[{\"id\":\"*\",\"message\":\"Path is not allowed to have '.' or '..' segments: 'a/../b'\"}]", "Rejected", "'.' or '..' segments" },
        { 400, "[{\"id\":\"*\",\"message\":\"Not authorized for requested path 'a/b.txt'\"}]", "Auth", "Not authorized for requested path" },

        // §2.4: write policy, three server generations
        { 400, "ValidationErrorXO{id='*', message='raw-hosted/a/b.txt cannot be updated'}", "Conflict", "does not allow redeploy" },
        { 400, "ValidationErrorXO{id='*', message='raw-hosted/a/b.txt is read-only'}", "Conflict", "read-only (write policy DENY)" },
        { 400, "Repository does not allow updating assets: raw-hosted", "Conflict", "does not allow redeploy" },
        { 409, "{\"id\":\"*\",\"message\":\"raw-hosted/a/b.txt cannot be updated as asset already exists and redeploy is not allowed\"}", "Conflict", "/a/b.txt in repository 'raw-hosted'" },

        // §6, §2.3 apt, §1.1 frozen, 3.96 JSON fault
        { 413, "<html><head><title>413 Request Entity Too Large</title></head><body>nginx</body></html>", "Rejected", "client_max_body_size" },
        { 500, "ERROR: (ID 4c1e) java.io.IOException: Invalid debian package: no control file\n\tat org.sonatype.Foo.bar(Foo.java:1)\n\tat x.y", "ServerError", "java.io.IOException: Invalid debian package: no control file" },
        { 503, "Nexus Repository Manager is in read-only mode: (ID 1)", "ServerError", "read-only mode" },
        { 502, "<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1><p>lots of html</p></body></html>", "ServerError", "502 Bad Gateway" },
        { 422, "", "Rejected", "422" },

        // §8 Community Edition
        { 403, "PAYMENT REQUIRED: At current usage levels, Sonatype Nexus Repository Community Edition requires a paid license", "UsageLimit", "usage limit" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Classify_NexusAnswer_GivesKindAndActionableSentence(int status, string body, string kind, string expectedFragment)
    {
        var error = ResponseClassifier.Classify(status, body, null, Upload);

        Assert.Equal(kind, error.Kind.ToString());
        Assert.Contains(expectedFragment, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("\n", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("\tat ", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("<", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(408, true)]
    [InlineData(429, true)]
    [InlineData(500, true)]
    [InlineData(502, true)]
    [InlineData(503, true)]
    [InlineData(504, true)]
    [InlineData(400, false)]
    [InlineData(401, false)]
    [InlineData(403, false)]
    [InlineData(404, false)]
    [InlineData(409, false)]
    [InlineData(413, false)]
    [InlineData(422, false)]
    public void Classify_Status_IsRetriedOnlyWhenTransient(int status, bool transient) =>
        Assert.Equal(transient, ResponseClassifier.Classify(status, string.Empty, null, Upload).IsTransient);

    [Fact]
    public void Classify_RetryAfter_IsCarried() =>
        Assert.Equal(TimeSpan.FromSeconds(7), ResponseClassifier.Classify(503, string.Empty, TimeSpan.FromSeconds(7), Upload).RetryAfter);
}
