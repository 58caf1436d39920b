using NexusPush.Cli;
using NexusPush.LocalFiles;
using NexusPush.Reliability;
using NexusPush.Runs;
using NexusPush.Tests.Support;
using NexusPush.Tests.Support.Faults;

namespace NexusPush.Tests.Reliability;

/// <summary>
/// The journal saves re-hashing local files, never asking Nexus: reused against another Nexus, or against one
/// restored empty from an older backup, it must not turn "landed once" into "done".
/// </summary>
public sealed class JournalTrustTests : IDisposable
{
    private readonly TempDir _dir = new();

    public JournalTrustTests()
    {
        foreach (var i in Enumerable.Range(0, 4))
        {
            _dir.Write($"tree/d{i % 2}/f{i}.bin", $"payload {i}");
        }
    }

    public void Dispose() => _dir.Dispose();

    private string Tree => Path.Combine(_dir.Path, "tree");

    private string JournalPath => Path.Combine(_dir.Path, "journal.jsonl");

    [Fact]
    public async Task SyncDir_JournalReusedAgainstAnotherNexus_UploadsEverything()
    {
        await using (var first = new FaultServer())
        {
            Assert.Equal(ExitCodes.Success, (await SyncAsync(first)).ExitCode);
        }

        await using var other = new FaultServer();
        var run = await SyncAsync(other);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Equal(4, other.Uploads.Count);
        Assert.Equal(4, other.Stored.Count);
    }

    [Fact]
    public async Task SyncDir_SameNexusRestoredEmpty_UploadsWhatIsMissing()
    {
        await using var nexus = new FaultServer();
        Assert.Equal(ExitCodes.Success, (await SyncAsync(nexus)).ExitCode);
        nexus.Stored.TryRemove("raw-h/d0/f0.bin", out _);
        nexus.Stored.TryRemove("raw-h/d1/f3.bin", out _);
        nexus.Requests.Clear();

        using var reads = FileReadCounter.Start();
        var run = await SyncAsync(nexus);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Equal(["/service/rest/v1/components?repository=raw-h"], nexus.Uploads.Select(u => u.Target).Distinct());
        Assert.Equal(2, nexus.Uploads.Count);
        Assert.Equal(4, nexus.Stored.Count);
        Assert.Equal(0, reads.Total(FileReadPurpose.Digest));
    }

    [Fact]
    public async Task SyncDir_UnchangedAndPresent_OneListingNoRehashNoPost()
    {
        await using var nexus = new FaultServer();
        Assert.Equal(ExitCodes.Success, (await SyncAsync(nexus)).ExitCode);
        nexus.Requests.Clear();

        using var reads = FileReadCounter.Start();
        var run = await SyncAsync(nexus);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Empty(nexus.Uploads);
        Assert.Single(nexus.Requests, r => r.Path == "/service/rest/v1/assets");
        Assert.DoesNotContain(nexus.Requests, r => r.Path.Contains("/f", StringComparison.Ordinal));
        Assert.Empty(reads.Files);
        Assert.Equal(4, run.Stdout.Split("\"reason\":\"journal\"").Length - 1);
    }

    [Fact]
    public async Task SyncDir_ListingRefused_EachJournaledFileStillAskedWithHeadNotRehashed()
    {
        await using var nexus = new FaultServer();
        Assert.Equal(ExitCodes.Success, (await SyncAsync(nexus)).ExitCode);
        nexus.Stored.TryRemove("raw-h/d1/f1.bin", out _);
        nexus.Requests.Clear();
        nexus.On(r => r.Path == "/service/rest/v1/assets", FaultAction.Answer(403), times: -1);

        using var reads = FileReadCounter.Start();
        var run = await SyncAsync(nexus);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Equal(4, nexus.Requests.Where(r => r.Method == "HEAD" && r.Path.Contains("/f", StringComparison.Ordinal)).Select(r => r.Path).Distinct().Count());
        Assert.Single(nexus.Uploads);
        Assert.Equal(0, reads.Total(FileReadPurpose.Digest));
    }

    [Fact]
    public async Task SyncDir_RestoredNexusHoldsOlderBytes_ConflictNotDone()
    {
        await using var nexus = new FaultServer();
        Assert.Equal(ExitCodes.Success, (await SyncAsync(nexus)).ExitCode);
        nexus.Stored["raw-h/d0/f0.bin"] = "an older build"u8.ToArray();

        var run = await SyncAsync(nexus);

        Assert.Equal(ExitCodes.ItemsFailed, run.ExitCode);
        Assert.Contains("raw-h/d0/f0.bin already holds different content", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_EntriesOfAnotherNexusOrWithoutOne_NeverCount()
    {
        var item = Item("a.txt", "alpha");
        using (var writer = new JournalWriter(JournalPath, nexusUrl: "https://nexus-a.example.com/"))
        {
            writer.ItemFinished(new ItemResult(item, ItemAction.Uploaded, Sha256: "abc") { Sha1 = "def" });
        }

        using (var writer = new JournalWriter(JournalPath))
        {
            writer.ItemFinished(new ItemResult(item with { DisplayPath = "b.txt" }, ItemAction.Uploaded, Sha256: "abc") { Sha1 = "def" });
        }

        Assert.True(JournalIndex.Load(JournalPath, "https://NEXUS-A.example.com").Resume(item).FromJournal);
        Assert.Equal(1, JournalIndex.Load(JournalPath, "https://nexus-a.example.com:443/").Count);
        Assert.Equal(0, JournalIndex.Load(JournalPath, "https://nexus-b.example.com/").Count);
        Assert.Equal(0, JournalIndex.Load(JournalPath, "https://nexus-a.example.com/other-context/").Count);
    }

    [Fact]
    public void JournalWriter_UrlWithCredentials_KeepsThemOutOfTheFile()
    {
        using (var writer = new JournalWriter(JournalPath, nexusUrl: "https://deploy:s3cret@nexus.example.com/"))
        {
            writer.ItemFinished(new ItemResult(Item("a.txt", "alpha"), ItemAction.Uploaded, Sha256: "abc") { Sha1 = "def" });
        }

        var text = File.ReadAllText(JournalPath);
        Assert.DoesNotContain("s3cret", text, StringComparison.Ordinal);
        Assert.Contains("\"nexus\":\"https://nexus.example.com/\"", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Resume_RewriteThatPutSizeAndMtimeBack_NotTrusted()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "ctime comes from statx on Linux.");
        var item = Item("a.txt", "alpha");
        using (var writer = new JournalWriter(JournalPath))
        {
            writer.ItemFinished(new ItemResult(item, ItemAction.Uploaded, Sha256: "abc") { Sha1 = "def" });
        }

        var ctime = FileIdentity.Of(item.LocalPath).ChangeTimeNs;
        while (FileIdentity.Of(item.LocalPath).ChangeTimeNs == ctime)
        {
            File.WriteAllText(item.LocalPath, "omega");
            File.SetLastWriteTimeUtc(item.LocalPath, item.LastWriteUtc);
        }

        Assert.False(JournalIndex.Load(JournalPath).Resume(item).FromJournal);
    }

    private Task<CliOutcome> SyncAsync(FaultServer nexus) =>
        CliRun.RunAsync(["sync-dir", Tree, "--url", nexus.Url, "--raw-repository", "raw-h", "--journal", JournalPath, "--no-progress", "-o", "json"])
            .WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);

    private PlanItem Item(string relative, string content)
    {
        var path = _dir.Write("src/" + relative, content);
        return FallbackFolderTests.Item(path, relative) with { LastWriteUtc = new FileInfo(path).LastWriteTimeUtc };
    }
}
