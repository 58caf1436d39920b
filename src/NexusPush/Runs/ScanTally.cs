namespace NexusPush.Runs;

/// <summary>
/// What a scan left out without a word in the plan: hidden files and hidden directories (a directory counts once;
/// its contents are never walked). The summary names the counts, so nothing is dropped silently.
/// </summary>
internal sealed class ScanTally
{
    private int _hiddenFiles;
    private int _hiddenDirectories;

    public int HiddenFiles => Volatile.Read(ref _hiddenFiles);

    public int HiddenDirectories => Volatile.Read(ref _hiddenDirectories);

    public void HiddenFile() => Interlocked.Increment(ref _hiddenFiles);

    public void HiddenDirectory() => Interlocked.Increment(ref _hiddenDirectories);
}
