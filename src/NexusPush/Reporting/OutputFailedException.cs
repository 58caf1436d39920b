using NexusPush.Execution;

namespace NexusPush.Reporting;

/// <summary>
/// Something the run writes (a report, the journal, the plan file, the progress display) could not be written, e.g.
/// a full disk. The run stops taking new work and exits 4; the message names the writer and the error.
/// </summary>
internal sealed class OutputFailedException(string output, Exception inner)
    : NexusPushException($"cannot write {output}: {inner.Message}", inner)
{
    /// <summary>How the message names the writer, e.g. "the journal run.jsonl".</summary>
    public string Output { get; } = output;

    public override int ExitCode => ExitCodes.ItemsFailed;

    /// <summary>Whether <paramref name="e"/> is a failure to write (as opposed to a bug in the writer).</summary>
    public static bool IsWriteFailure(Exception e) => e is OutputFailedException or IOException or UnauthorizedAccessException;

    /// <summary><paramref name="e"/> as a named write failure (a writer that named itself keeps its name).</summary>
    public static OutputFailedException From(string output, Exception e) => e as OutputFailedException ?? new OutputFailedException(output, e);
}

/// <summary>
/// An output whose write failure carries its name, so the summary can say which writer failed. After its first
/// failure it falls silent: the disk is full, and the other outputs still need every result.
/// </summary>
internal sealed class OutputName(string name, IRunObserver inner) : IRunObserver
{
    private bool _failed;

    /// <summary>Whether a write failed (the output is silent since).</summary>
    public bool Failed => _failed;

    public static IRunObserver Of(string name, IRunObserver inner) => new OutputName(name, inner);

    public void ItemFinished(ItemResult result) => Guard(() => inner.ItemFinished(result));

    public void RunFinished(RunSummary summary) => Guard(() => inner.RunFinished(summary));

    private void Guard(Action write)
    {
        if (_failed)
        {
            return;
        }

        try
        {
            write();
        }
        catch (Exception e) when (OutputFailedException.IsWriteFailure(e))
        {
            _failed = true;
            throw OutputFailedException.From(name, e);
        }
    }
}
