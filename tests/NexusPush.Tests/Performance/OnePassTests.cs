using NexusPush.LocalFiles;
using NexusPush.Tests.Support;
using NexusPush.Tests.Support.Faults;
using NexusPush.Tests.Sync;

namespace NexusPush.Tests.Performance;

/// <summary>
/// The bytes of a file are read from disk as few times as the decision allows. A file Nexus does not hold is
/// read once (hashed while it streams); a conflicting file with --on-conflict overwrite is hashed once while
/// comparing and streamed once; an identical one is hashed once and not sent. Both comparison paths: HEAD per file
/// (few files) and the asset listing (more than 20 files for a repository, RemoteComparison). Raw files only: format
/// detection reads bounded headers, which do not count as full reads.
/// </summary>
public sealed class OnePassTests
{
    public enum Remote
    {
        Absent,
        Different,
        Identical,
    }

    [Theory]
    [InlineData(3, Remote.Absent, 0, 1)]
    [InlineData(25, Remote.Absent, 0, 1)]
    [InlineData(3, Remote.Different, 1, 1)]
    [InlineData(25, Remote.Different, 1, 1)]
    [InlineData(3, Remote.Identical, 1, 0)]
    [InlineData(25, Remote.Identical, 1, 0)]
    public async Task SyncDir_EachFile_IsReadAtMostOncePerPurpose(int files, Remote remote, int digestReads, int uploadReads)
    {
        await using var nexus = await KestrelNexus.StartAsync();
        using var tree = SyncRun.Tree(files);
        var local = Directory.GetFiles(tree.Path, "*", SearchOption.AllDirectories);
        foreach (var file in local.Where(_ => remote != Remote.Absent))
        {
            var content = File.ReadAllBytes(file);
            nexus.Store("raw-h", TargetPath(tree, file), remote == Remote.Identical ? content : [.. "older "u8, .. content]);
        }

        CliOutcome outcome;
        using (var reads = FileReadCounter.Start())
        {
            outcome = await SyncRun.RunAsync(nexus, tree.Path, "--on-conflict", "overwrite", "--parallel", "3", "-o", "json");

            Assert.All(local, file => Assert.Equal(
                (digestReads, uploadReads),
                (reads.Count(file, FileReadPurpose.Digest), reads.Count(file, FileReadPurpose.Upload))));
            Assert.Equal(local.Order(StringComparer.Ordinal), reads.Files.Order(StringComparer.Ordinal));
        }

        Assert.Equal(0, outcome.ExitCode);
        Assert.Equal(uploadReads * files, nexus.StoredUploads.Count);
        Assert.All(local, file => Assert.Equal(File.ReadAllBytes(file), nexus.StoredAt("raw-h", TargetPath(tree, file))));
        Assert.All(SyncRun.Items(outcome.Stdout), i => Assert.Equal(uploadReads == 1 ? "uploaded" : "skipped", i.Action));
        // More than 20 files: the comparison reads the listing, and the uploads are verified by reading it again.
        Assert.Equal(files <= 20 ? 0 : uploadReads == 1 ? 2 : 1, nexus.Count("GET", "/service/rest/v1/assets"));
    }

    /// <summary>Nexus down: the file is read once, for the copy into the fallback folder (hashed on the way for its manifest).</summary>
    [Fact]
    public async Task Upload_NexusUnreachable_FileReadOnceForTheFallbackCopy()
    {
        using var dir = new TempDir();
        var file = dir.Write("app.bin", new string('x', 300_000));

        using var reads = FileReadCounter.Start();
        var outcome = await CliRun.RunAsync(["upload", file, "-r", "raw-h", "--url", ClosedPort.Url(), "--retries", "0", "--retry-delay", "0", "--fallback-dir", Path.Combine(dir.Path, "fb")]);

        Assert.Equal(NexusPush.ExitCodes.SavedToFallback, outcome.ExitCode);
        Assert.Equal((0, 0, 1), (reads.Count(file, FileReadPurpose.Digest), reads.Count(file, FileReadPurpose.Upload), reads.Count(file, FileReadPurpose.FallbackCopy)));
        Assert.Equal(File.ReadAllBytes(file), File.ReadAllBytes(Path.Combine(dir.Path, "fb", "app.bin")));
    }

    /// <summary>The read counter sees nothing outside its scope, so parallel tests never mix their counts.</summary>
    [Fact]
    public async Task FileReadCounter_OutsideAScope_RecordsNothingAndScopesDoNotLeak()
    {
        using var dir = new TempDir();
        var path = dir.Write("a.bin", "abc");
        var ct = TestContext.Current.CancellationToken;

        await FileDigest.ComputeAsync(path, ct);
        using var outer = FileReadCounter.Start();
        await Task.Run(() => FileDigest.ComputeAsync(path, ct), ct);
        using (var inner = FileReadCounter.Start())
        {
            await FileDigest.ComputeAsync(path, ct);
            Assert.Equal(1, inner.Count(path, FileReadPurpose.Digest));
        }

        await FileDigest.ComputeAsync(path, ct);
        Assert.Equal(2, outer.Count(path, FileReadPurpose.Digest));
        Assert.Equal(0, outer.Total(FileReadPurpose.Upload));
    }

    private static string TargetPath(TempDir tree, string file) => "/" + Path.GetRelativePath(tree.Path, file).Replace('\\', '/');
}
