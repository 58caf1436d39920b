using NexusPush.LocalFiles;
using NexusPush.Runs;

namespace NexusPush.Reporting;

/// <summary>
/// <c>--report FILE</c> is always this run's. When the run starts, an older report at the path is removed, so a run
/// that is killed never leaves the previous build's report to be archived as its own; a file there that is not a
/// report of this tool (no "schemaVersion" and "tool" fields) is never removed: the run is refused (exit 2). That the
/// path is no input of the run is <see cref="LocalFiles.OutputPaths"/>' rule, checked before. The report is written
/// through <see cref="AtomicFile"/> and put at the path when the run ends, on every exit (2, 3 and 130 included: then
/// it holds the error and the exit code). A path that is not a regular file (a device such as /dev/stdout, a FIFO, a
/// symbolic link) is written in place instead: renaming over it would replace it.
/// </summary>
internal sealed class ReportFile : IDisposable
{
    private readonly string _path;
    private readonly bool _inPlace;
    private readonly RunInfo? _run;
    private AtomicFile? _atomic;
    private StreamWriter? _writer;
    private JsonReport? _report;
    private OutputName? _output;
    private bool _finished;
    private bool _openFailed;

    private ReportFile(string path, bool inPlace, RunInfo? run)
    {
        _path = path;
        _inPlace = inPlace;
        _run = run;
    }

    public string Path => _path;

    /// <summary>Takes the path for this run: removes an older report there.</summary>
    /// <exception cref="UsageException">An older report is there and cannot be removed, or the file there is not a report.</exception>
    public static ReportFile Claim(string path, RunInfo? run = null)
    {
        var full = System.IO.Path.GetFullPath(path);
        var existing = new FileInfo(full);
        var special = existing.Exists && SpecialFiles.Describe(existing) is not null;
        var inPlace = existing.Exists && (existing.LinkTarget is not null || special);
        if (existing.Exists && !special && !EarlierReport(full))
        {
            throw new UsageException($"{full} holds a file that is not a report of nexus-push (its JSON has no \"schemaVersion\" and \"tool\" fields), and a report would replace it: it is left as it is; remove it or choose another --report path.");
        }

        if (existing.Exists && !inPlace)
        {
            try
            {
                existing.Delete();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new UsageException($"Cannot remove the previous report {full}: {e.Message}; a stale report must not pass for this run's.");
            }
        }

        return new ReportFile(full, inPlace, run);
    }

    /// <summary>The run's report observer, writing to the temporary file (opened once).</summary>
    /// <exception cref="UsageException">The file cannot be created (exit 2: the report cannot be written at all).</exception>
    public IRunObserver Open()
    {
        if (_output is not null)
        {
            return _output;
        }

        try
        {
            if (_inPlace)
            {
                _writer = new StreamWriter(_path, append: false);
            }
            else
            {
                _atomic = AtomicFile.Create(_path, AtomicFile.Public);
                _writer = new StreamWriter(_atomic.Stream, leaveOpen: true); // the commit closes the stream
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _openFailed = true;
            var why = e is DirectoryNotFoundException ? $"the folder {System.IO.Path.GetDirectoryName(_path)} does not exist" : e.Message;
            throw new UsageException($"Cannot write the report to {_path}: {why}");
        }

        _report = new JsonReport(_writer, endsAtRunFinished: false, _run);
        _output = new OutputName($"the report file {_path}", _report);
        return _output;
    }

    /// <summary>
    /// Ends the report with the process's exit code and error and puts it at the path. Never throws.
    /// </summary>
    /// <returns>The exit code to use: 4 instead of 0 or 5 when the report could not be written.</returns>
    public int Finish(int exitCode, string? error, TextWriter stderr)
    {
        if (_finished)
        {
            return exitCode;
        }

        _finished = true;
        if (_openFailed || _output?.Failed == true)
        {
            // The run already stopped on this file's error and said so.
            Discard();
            return exitCode;
        }

        try
        {
            Open();
            _report!.End(exitCode, error);
            _writer!.Flush();
            _writer.Dispose();
            _writer = null;
            _atomic?.Commit();
            _atomic = null;

            return exitCode;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or UsageException or NotSupportedException)
        {
            stderr.WriteLine($"error: cannot write the report file {_path}: {e.Message}");
            Discard();
            return exitCode is ExitCodes.Success or ExitCodes.SavedToFallback ? ExitCodes.ItemsFailed : exitCode;
        }
    }

    /// <summary>A report never finished (a bug ended the run) leaves no temporary file behind.</summary>
    public void Dispose() => Discard();

    private void Discard()
    {
        try
        {
            _writer?.Dispose();
        }
        catch (IOException)
        {
            // The write error was reported; the temporary file goes below.
        }

        _writer = null;
        _atomic?.Dispose(); // removes the temporary file
        _atomic = null;
    }

    /// <summary>
    /// Whether the file at <paramref name="path"/> is one a run of this tool wrote (its JSON opens with
    /// "schemaVersion" and "tool", as <see cref="JsonReport"/> writes them), or empty (nothing to lose; a CI step may
    /// create one). Only the start is read: a report of 100,000 files need not be parsed to be recognised.
    /// </summary>
    private static bool EarlierReport(string path)
    {
        byte[] start;
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            if (stream.Length == 0)
            {
                return true;
            }

            start = new byte[Math.Min(stream.Length, 64 * 1024)];
            stream.ReadExactly(start);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false; // unreadable: nothing shows it is a report, so it stays
        }

        var reader = new System.Text.Json.Utf8JsonReader(start, isFinalBlock: false, state: default);
        bool schema = false, tool = false;
        try
        {
            while (reader.Read() && !(schema && tool))
            {
                if (reader.TokenType == System.Text.Json.JsonTokenType.PropertyName && reader.CurrentDepth == 1)
                {
                    schema |= reader.ValueTextEquals("schemaVersion");
                    tool |= reader.ValueTextEquals("tool");
                }
                else if (reader.CurrentDepth == 0 && reader.TokenType != System.Text.Json.JsonTokenType.StartObject)
                {
                    return false;
                }
            }
        }
        catch (System.Text.Json.JsonException)
        {
            return false;
        }

        return schema && tool;
    }
}
