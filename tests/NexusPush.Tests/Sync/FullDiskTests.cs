using NexusPush.Tests.Support;

namespace NexusPush.Tests.Sync;

/// <summary>What the run writes goes to a full disk (/dev/full fails every write with ENOSPC): the run ends, exit 4, naming the writer.</summary>
public sealed class FullDiskTests
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData("--report", "the report file /dev/full")]
    [InlineData("--plan-out", "the plan file /dev/full")]
    public async Task SyncDir_OutputOnAFullDisk_EndsWithExit4NamingTheWriter(string option, string writer)
    {
        Assert.SkipUnless(File.Exists("/dev/full"), "needs /dev/full (Linux)");
        await using var nexus = await KestrelNexus.StartAsync();
        using var tree = SyncRun.Tree(12);

        var outcome = await SyncRun.RunAsync(nexus, tree.Path, option, "/dev/full").WaitAsync(Guard, TestContext.Current.CancellationToken);

        Assert.Equal(4, outcome.ExitCode);
        Assert.Contains($"cannot write {writer}: No space left on device", outcome.Stderr, StringComparison.Ordinal);
        Assert.Contains("12 files:", outcome.Stdout, StringComparison.Ordinal);
        Assert.True(File.Exists("/dev/full"));
    }

    [Fact]
    public async Task SyncDir_JournalOnAFullFilesystem_EndsWithExit4NamingTheJournal()
    {
        using var full = FullTmpfs.TryMount();
        Assert.SkipUnless(full is not null, "needs root to mount a small tmpfs");
        await using var nexus = await KestrelNexus.StartAsync();
        using var tree = SyncRun.Tree(12);
        var journal = Path.Combine(full.Path, "run.jsonl");

        var outcome = await SyncRun.RunAsync(nexus, tree.Path, "--journal", journal).WaitAsync(Guard, TestContext.Current.CancellationToken);

        Assert.Equal(4, outcome.ExitCode);
        Assert.Contains($"cannot write the journal {journal}: No space left on device", outcome.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("internal error", outcome.Stderr, StringComparison.Ordinal);
        Assert.Contains("12 files:", outcome.Stdout, StringComparison.Ordinal);
        Assert.Contains($"cannot write the journal {journal}: No space left on device", outcome.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SyncDir_JournalIsADevice_StopsAtOnceWithExit2()
    {
        Assert.SkipUnless(File.Exists("/dev/full"), "needs /dev/full (Linux)");
        await using var nexus = await KestrelNexus.StartAsync();
        using var tree = SyncRun.Tree(3);

        // Reading /dev/full as a journal would never end; writing to it always fails.
        var outcome = await SyncRun.RunAsync(nexus, tree.Path, "--journal", "/dev/full").WaitAsync(Guard, TestContext.Current.CancellationToken);

        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains("The journal /dev/full is a character device, not a file", outcome.Stderr, StringComparison.Ordinal);
        Assert.Empty(nexus.StoredUploads);
    }
}
