using System.Runtime.CompilerServices;
using System.Text.Json;
using NexusPush.Formats;

namespace NexusPush.Planning;

/// <summary>
/// <c>--plan-out FILE</c>: the plan as JSON, <c>{"items":[{file, format, repository, directory, path, action, reason,
/// remote, bytes, sha256}], "count": N}</c>, written item by item as the plan streams past (peers.md §3.1: a plan a
/// person can review before the real run).
/// </summary>
internal sealed class PlanFileWriter : IAsyncDisposable
{
    private readonly FileStream _stream;
    private readonly Utf8JsonWriter _writer;
    private int _count;

    private PlanFileWriter(FileStream stream)
    {
        _stream = stream;
        _writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        _writer.WriteStartObject();
        _writer.WriteStartArray("items");
    }

    /// <exception cref="UsageException">The file cannot be created.</exception>
    public static PlanFileWriter Create(string path)
    {
        try
        {
            return new PlanFileWriter(new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"Cannot write the plan to {path}: {e.Message}");
        }
    }

    public async IAsyncEnumerable<PlanItem> TapAsync(IAsyncEnumerable<PlanItem> plan, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var item in plan.WithCancellation(cancellationToken))
        {
            Write(item);
            yield return item;
        }
    }

    public void Write(PlanItem item)
    {
        _writer.WriteStartObject();
        _writer.WriteString("file", item.DisplayPath);
        _writer.WriteString("format", item.Format.NexusId());
        _writer.WriteString("repository", item.Repository);
        _writer.WriteString("directory", item.Directory);
        _writer.WriteString("path", item.TargetPath);
        _writer.WriteString("action", item.Action.ToString().ToLowerInvariant());
        _writer.WriteString("reason", item.Reason);
        _writer.WriteString("remote", item.Remote.ToString().ToLowerInvariant());
        _writer.WriteNumber("bytes", item.Length);
        _writer.WriteString("sha256", item.Digest?.Sha256);
        _writer.WriteEndObject();
        _count++;
        if (_writer.BytesPending > 64 * 1024)
        {
            _writer.Flush();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _writer.WriteEndArray();
        _writer.WriteNumber("count", _count);
        _writer.WriteEndObject();
        await _writer.FlushAsync();
        await _writer.DisposeAsync();
        await _stream.DisposeAsync();
    }
}
