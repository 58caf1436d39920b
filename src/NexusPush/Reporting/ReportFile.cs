using NexusPush.LocalFiles;
using NexusPush.Runs;

namespace NexusPush.Reporting;

/// <summary>
/// <c>--report FILE</c> is always this run's. When the run starts, an older report at the path is removed, so a run
/// that is killed never leaves the previous build's report to be archived as its own. The report is written to a
/// temporary file in the same folder and renamed over the path when the run ends, on every exit (2, 3 and 130
/// included: then it holds the error and the exit code). A path that is not a regular file (a device such as
/// /dev/stdout, a FIFO, a symbolic link) is written in place instead: renaming over it would replace it.
/// </summary>
internal sealed class ReportFile : IDisposable
{
    private readonly string _path;
    private readonly bool _inPlace;
    private readonly RunInfo? _run;
    private string? _temporary;
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
    /// <exception cref="UsageException">An older report is there and cannot be removed.</exception>
    public static ReportFile Claim(string path, RunInfo? run = null)
    {
        var full = System.IO.Path.GetFullPath(path);
        var existing = new FileInfo(full);
        var inPlace = existing.Exists && (existing.LinkTarget is not null || SpecialFiles.Describe(existing) is not null);
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
                var folder = System.IO.Path.GetDirectoryName(_path)!;
                _temporary = System.IO.Path.Combine(folder, $".{System.IO.Path.GetFileName(_path)}.{Guid.NewGuid():N}.tmp");
                _writer = new StreamWriter(new FileStream(_temporary, FileMode.CreateNew, FileAccess.Write, FileShare.Read));
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
            (_writer.BaseStream as FileStream)?.Flush(flushToDisk: !_inPlace);
            _writer.Dispose();
            if (_temporary is not null)
            {
                File.Move(_temporary, _path, overwrite: true);
                _temporary = null;
            }

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
        if (_temporary is not null)
        {
            try
            {
                File.Delete(_temporary);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // A leftover ".name.*.tmp" is harmless: the report path itself holds no stale report.
            }

            _temporary = null;
        }
    }
}
