using System.Runtime.CompilerServices;
using System.Text.Json;
using NexusPush.Formats;
using NexusPush.LocalFiles;
using NexusPush.Runs;

namespace NexusPush.Planning;

/// <summary>
/// <c>--plan-out FILE</c>: the plan as JSON, <c>{"items":[{file, format, repository, directory, path, action, reason,
/// remote, bytes, sha256}], "count": N}</c>, written item by item as the plan streams past (a plan a
/// person can review before the real run). A write that fails (a full disk) never stops the plan stream: it is
/// reported once through the caller's callback, which ends the run with exit 4 naming the file. The file is written
/// through <see cref="AtomicFile"/> and put at the path when the plan ends (a file there stays whole until then, and
/// stays as it was when the write failed); a device or FIFO (/dev/stdout) is written in place.
/// </summary>
internal sealed class PlanFileWriter : IAsyncDisposable
{
    private readonly string _path;
    private readonly Stream _stream;
    private readonly AtomicFile? _atomic;
    private readonly Utf8JsonWriter _writer;
    private int _count;
    private bool _completed;
    private OutputFailedException? _failure;

    private PlanFileWriter(string path, Stream stream, AtomicFile? atomic)
    {
        _path = path;
        _stream = stream;
        _atomic = atomic;
        _writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        _writer.WriteStartObject();
        _writer.WriteStartArray("items");
    }

    /// <exception cref="UsageException">The file cannot be created.</exception>
    public static PlanFileWriter Create(string path)
    {
        try
        {
            // No buffer of its own: the JSON writer buffers, so a failed write leaves nothing behind to fail again on close.
            var existing = new FileInfo(path);
            if (existing.Exists && SpecialFiles.Describe(existing) is not null)
            {
                return new PlanFileWriter(path, new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, bufferSize: 0), null);
            }

            var atomic = AtomicFile.Create(path, AtomicFile.Public, bufferSize: 0);
            return new PlanFileWriter(path, atomic.Stream, atomic);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"Cannot write the plan to {path}: {e.Message}");
        }
    }

    /// <summary>Writes each item as it streams past and ends the document when the plan ends.</summary>
    /// <param name="plan">The plan stream.</param>
    /// <param name="failed">Called once when a write fails; the items keep flowing.</param>
    /// <param name="cancellationToken">Ends the stream.</param>
    public async IAsyncEnumerable<PlanItem> TapAsync(IAsyncEnumerable<PlanItem> plan, Action<OutputFailedException> failed, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var item in plan.WithCancellation(cancellationToken))
        {
            Attempt(() => Write(item), failed);
            yield return item;
        }

        Attempt(Complete, failed);
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
        // A plan cut short (Ctrl-C, an error) still gets a closing bracket when the disk allows; a failure was already reported.
        if (!_completed && _failure is null)
        {
            Attempt(Complete, _ => { });
        }

        if (_failure is null && !_completed)
        {
            await _writer.DisposeAsync();
        }

        if (_atomic is null)
        {
            await _stream.DisposeAsync();
        }
        else
        {
            _atomic.Dispose(); // after a commit, nothing; otherwise the temporary file goes
        }
    }

    private void Complete()
    {
        _writer.WriteEndArray();
        _writer.WriteNumber("count", _count);
        _writer.WriteEndObject();
        _writer.Flush();
        _writer.Dispose();
        _atomic?.Commit();
        _completed = true;
    }

    private void Attempt(Action write, Action<OutputFailedException> failed)
    {
        if (_failure is not null)
        {
            return;
        }

        try
        {
            write();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _failure = new OutputFailedException($"the plan file {_path}", e);
            failed(_failure);
        }
    }
}
