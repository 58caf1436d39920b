namespace NexusPush.Runs;

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
