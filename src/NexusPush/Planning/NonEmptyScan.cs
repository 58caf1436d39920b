namespace NexusPush.Planning;

/// <summary>
/// A run that matched nothing is a usage error (exit 2: a wrong path or pattern must not pass as a green build),
/// found by pulling the first entry before anything else happens — the rest of the scan still streams.
/// </summary>
internal static class NonEmptyScan
{
    /// <exception cref="UsageException">The scan yields nothing.</exception>
    public static IEnumerable<ScanEntry> Require(IEnumerable<ScanEntry> entries, string directory, bool filtered)
    {
        var enumerator = entries.GetEnumerator();
        if (!enumerator.MoveNext())
        {
            enumerator.Dispose();
            throw new UsageException($"No files to sync under {directory}{(filtered ? " (after --include/--exclude)" : string.Empty)}; hidden files are left out unless an --include names them.");
        }

        return Continue(enumerator);
    }

    private static IEnumerable<ScanEntry> Continue(IEnumerator<ScanEntry> started)
    {
        using (started)
        {
            do
            {
                yield return started.Current;
            }
            while (started.MoveNext());
        }
    }
}
