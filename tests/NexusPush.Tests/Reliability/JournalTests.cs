using NexusPush.Reliability;
using NexusPush.Runs;
using NexusPush.Tests.Support;

namespace NexusPush.Tests.Reliability;

/// <summary>Resume journal: one line per finished item, flushed; a re-run trusts the hashes of what landed unchanged; a torn line is ignored.</summary>
public sealed class JournalTests : IDisposable
{
    private readonly TempDir _dir = new();

    private string JournalPath => Path.Combine(_dir.Path, "state", "journal.jsonl");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void ItemFinished_EachResult_OneLineReadableAtOnce()
    {
        var item = Item("a.txt", "alpha");
        using var writer = new JournalWriter(JournalPath);

        writer.ItemFinished(new ItemResult(item, ItemAction.Uploaded, Sha256: "abc"));

        // Readable while the writer is still open: a kill -9 now would leave this line behind.
        var entry = JournalIndex.Load(JournalPath).Landed("a.txt", item.Length, item.LastWriteUtc);
        Assert.NotNull(entry);
        Assert.Equal("abc", entry.Sha256);
        Assert.Equal("raw-hosted", entry.Repository);
        Assert.Equal("/a.txt", entry.Path);
    }

    [Theory]
    [InlineData("Uploaded", true)]
    [InlineData("Skipped", true)]
    [InlineData("Failed", false)]
    [InlineData("Fallback", false)]
    public void Resume_UnchangedFile_JournaledHashesOnlyWhenItLanded(string actionName, bool landed)
    {
        var action = Enum.Parse<ItemAction>(actionName);
        var item = Item("a.txt", "alpha");
        using (var writer = new JournalWriter(JournalPath))
        {
            writer.ItemFinished(new ItemResult(item, action, Sha256: "abc") { Sha1 = "def" });
        }

        var resumed = JournalIndex.Load(JournalPath).Resume(item);

        // Still an upload: the comparison with Nexus decides, using the journal's hashes instead of reading the file.
        Assert.Equal(PlanAction.Upload, resumed.Action);
        Assert.Equal(landed, resumed.FromJournal);
        Assert.Equal(landed ? "def" : null, resumed.Digest?.Sha1);
    }

    [Fact]
    public void Resume_FileChangedSizeOrMtimeOrTarget_PlannedAsUsual()
    {
        var item = Item("a.txt", "alpha");
        using (var writer = new JournalWriter(JournalPath))
        {
            writer.ItemFinished(new ItemResult(item, ItemAction.Uploaded, Sha256: "abc") { Sha1 = "def" });
        }

        var index = JournalIndex.Load(JournalPath);

        Assert.False(index.Resume(item with { Length = item.Length + 1 }).FromJournal);
        Assert.False(index.Resume(item with { LastWriteUtc = item.LastWriteUtc.AddSeconds(1) }).FromJournal);
        Assert.False(index.Resume(item with { Repository = "other" }).FromJournal);
        Assert.False(index.Resume(item with { TargetPath = "/moved/a.txt" }).FromJournal);
        Assert.True(index.Resume(item).FromJournal);
    }

    [Fact]
    public void Load_LaterLineWins_AndTornLastLineIgnored()
    {
        var item = Item("a.txt", "alpha");
        using (var writer = new JournalWriter(JournalPath))
        {
            writer.ItemFinished(new ItemResult(item, ItemAction.Uploaded, Sha256: "abc"));
            writer.ItemFinished(new ItemResult(item, ItemAction.Failed, "conflict", "abc"));
        }

        File.AppendAllText(JournalPath, "{\"file\":\"b.txt\",\"size\":1");
        var index = JournalIndex.Load(JournalPath);

        Assert.Equal(1, index.Count);
        Assert.Null(index.Landed("a.txt", item.Length, item.LastWriteUtc));
    }

    [Fact]
    public void JournalWriter_AfterTornLine_NextEntryStillReadable()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(JournalPath)!);
        File.WriteAllText(JournalPath, "{\"file\":\"torn");
        var item = Item("a.txt", "alpha");

        using (var writer = new JournalWriter(JournalPath))
        {
            writer.ItemFinished(new ItemResult(item, ItemAction.Uploaded, Sha256: "abc"));
        }

        Assert.NotNull(JournalIndex.Load(JournalPath).Landed("a.txt", item.Length, item.LastWriteUtc));
    }

    [Fact]
    public void ItemFinished_NotAttempted_NotJournaled()
    {
        var item = Item("a.txt", "alpha");
        using (var writer = new JournalWriter(JournalPath))
        {
            writer.ItemFinished(new ItemResult(item, ItemAction.Failed, "not attempted: the run was cancelled"));
        }

        Assert.Equal(0, JournalIndex.Load(JournalPath).Count);
    }

    [Fact]
    public async Task Load_ADeviceAsTheJournal_IsAUsageErrorNotAnEndlessRead()
    {
        // /dev/zero never ends: reading it as a journal would hang the run before it starts.
        var load = Task.Run(() => JournalIndex.Load("/dev/zero"), TestContext.Current.CancellationToken);

        var error = await Assert.ThrowsAsync<UsageException>(() => load.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken));
        Assert.Contains("not a file", error.Message, StringComparison.Ordinal);
    }

    private PlanItem Item(string relative, string content)
    {
        var path = _dir.Write("src/" + relative, content);
        var info = new FileInfo(path);
        return FallbackFolderTests.Item(path, relative) with { LastWriteUtc = info.LastWriteTimeUtc };
    }
}
