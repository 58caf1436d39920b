using NexusPush.LocalFiles;
using NexusPush.Nexus;

namespace NexusPush.Tests.Nexus;

/// <summary>
/// What HttpClient throws while it copies a request body includes the local file's own errors: those are that file's
/// failure, never "the connection broke" (which is retried and counts towards the circuit breaker).
/// </summary>
public sealed class TransportErrorsTests
{
    private static readonly NexusRequestContext Context = new("nexus.example:8081", "raw-h", "/a.txt", IsUpload: true);

    [Fact]
    public void FileGoneInsideTheBodyCopy_IsNotTransient_AndSaysDeletedSinceTheScan()
    {
        var thrown = new HttpRequestException("Error while copying content to a stream.", new FileNotFoundException("Could not find file '/tree/a.txt'.", "/tree/a.txt"));

        var classified = TransportErrors.Classify(thrown, Context);

        Assert.False(classified.IsTransient);
        Assert.StartsWith("deleted since the scan (Could not find file '/tree/a.txt'", classified.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FileChangedInsideTheBodyCopy_IsNotTransient()
    {
        var thrown = new HttpRequestException("Error while copying content to a stream.", new FileChangedException("/tree/a.txt changed while being uploaded (it was written to meanwhile)"));

        Assert.False(TransportErrors.Classify(thrown, Context).IsTransient);
    }

    [Fact]
    public void AResetConnection_StaysTransient()
    {
        var thrown = new HttpRequestException("Error while copying content to a stream.", new IOException("Connection reset by peer"));

        var classified = TransportErrors.Classify(thrown, Context);

        Assert.True(classified.IsTransient);
        Assert.Contains("broke before an answer came", classified.Message, StringComparison.Ordinal);
    }
}
