using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using NexusPush.Cli;
using NexusPush.Tests.Support;

namespace NexusPush.Tests.Operations;

/// <summary>
/// <c>--alert-webhook</c> as a CI uses it: the message carries the link the CI gives (<c>--alert-context</c>) and
/// is sent with a Content-Length, read here off the wire by a bare loopback listener (no HTTP stack to hide chunking).
/// </summary>
public sealed class AlertContextTests : IDisposable
{
    private readonly NexusFake _nexus = new();
    private readonly TempDir _dir = new();

    public void Dispose()
    {
        _nexus.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public async Task Alert_CarriesTheCiContext_WithAContentLength()
    {
        using var hook = new TcpListener(IPAddress.Loopback, 0);
        hook.Start();
        var hookUrl = $"http://127.0.0.1:{((IPEndPoint)hook.LocalEndpoint).Port}/hooks/T0/B0/secret";
        var received = ReceiveOneAsync(hook);
        _nexus.StubUpload("raw-hosted", status: 400, body: "Repository does not allow updating assets: raw-hosted");
        var file = _dir.Write("a.txt", "alpha");
        const string BuildUrl = "https://buildbot.example.com/#/builders/3/builds/118";

        var run = await CliRun.RunAsync(["upload", file, "-r", "raw-hosted", "--url", _nexus.Url, "--no-preflight", "--retries", "0", "--alert-webhook", hookUrl, "--alert-context", BuildUrl]);

        Assert.Equal(ExitCodes.ItemsFailed, run.ExitCode);
        var (headers, body) = await received.WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);
        Assert.True(headers.TryGetValue("content-length", out var length), "no Content-Length header: " + string.Join(", ", headers.Keys));
        Assert.Equal(Encoding.UTF8.GetByteCount(body), int.Parse(length, System.Globalization.CultureInfo.InvariantCulture));
        Assert.False(headers.ContainsKey("transfer-encoding"));
        var text = JsonDocument.Parse(body).RootElement.GetProperty("text").GetString()!;
        Assert.Contains("exit 4", text, StringComparison.Ordinal);
        Assert.EndsWith(BuildUrl, text, StringComparison.Ordinal);
    }

    /// <summary>Reads one request's head and (Content-Length) body, answers 200 and closes.</summary>
    private static async Task<(Dictionary<string, string> Headers, string Body)> ReceiveOneAsync(TcpListener listener)
    {
        using var client = await listener.AcceptTcpClientAsync(TestContext.Current.CancellationToken);
        var stream = client.GetStream();
        var buffer = new List<byte>();
        var chunk = new byte[4096];
        int headEnd;
        while ((headEnd = IndexOfHeadEnd(buffer)) < 0)
        {
            var read = await stream.ReadAsync(chunk, TestContext.Current.CancellationToken);
            if (read == 0)
            {
                throw new IOException("the connection closed before the request head ended");
            }

            buffer.AddRange(chunk.AsSpan(0, read));
        }

        var head = Encoding.ASCII.GetString([.. buffer.Take(headEnd)]).Split("\r\n");
        var headers = head.Skip(1).Select(line => line.Split(':', 2)).ToDictionary(p => p[0].Trim().ToLowerInvariant(), p => p[1].Trim());
        var body = buffer.Skip(headEnd + 4).ToList();
        var expected = headers.TryGetValue("content-length", out var length) ? int.Parse(length, System.Globalization.CultureInfo.InvariantCulture) : 0;
        while (body.Count < expected)
        {
            var read = await stream.ReadAsync(chunk, TestContext.Current.CancellationToken);
            if (read == 0)
            {
                break;
            }

            body.AddRange(chunk.AsSpan(0, read));
        }

        await stream.WriteAsync("HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"u8.ToArray(), TestContext.Current.CancellationToken);
        return (headers, Encoding.UTF8.GetString([.. body]));
    }

    private static int IndexOfHeadEnd(List<byte> buffer)
    {
        for (var i = 0; i + 3 < buffer.Count; i++)
        {
            if (buffer[i] == '\r' && buffer[i + 1] == '\n' && buffer[i + 2] == '\r' && buffer[i + 3] == '\n')
            {
                return i;
            }
        }

        return -1;
    }
}
