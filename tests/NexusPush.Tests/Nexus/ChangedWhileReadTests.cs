using Microsoft.Extensions.Time.Testing;
using NexusPush.Cli;
using NexusPush.LocalFiles;
using NexusPush.Nexus;
using NexusPush.Reliability;
using NexusPush.Runs;
using NexusPush.Tests.Reliability;
using NexusPush.Tests.Support;
using NexusPush.Tests.Support.Faults;

namespace NexusPush.Tests.Nexus;

/// <summary>
/// A file rewritten in place while it is read (same size, other bytes) yields bytes that never existed on disk as one
/// file: the read loop compares the file's identity (size, mtime, ctime, inode) when it opens and when it finishes.
/// </summary>
public sealed class ChangedWhileReadTests : IDisposable
{
    private static readonly DateTime LongAgo = new(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task ReadAsync_SameSizeRewriteInPlaceAfterFirstChunk_Throws()
    {
        var path = Written("a.bin", 3 * 4096, fill: 1);
        var chunks = 0;

        var error = await Assert.ThrowsAsync<FileChangedException>(() => FileDigest.ReadAsync(path, FileReadPurpose.Upload, 4096, _ =>
        {
            if (++chunks == 1)
            {
                RewriteInPlace(path, fill: 2);
            }

            return ValueTask.CompletedTask;
        }, TestContext.Current.CancellationToken));

        Assert.Contains("changed while being uploaded", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_RewriteThatPutsMtimeBack_StillThrows()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "ctime comes from statx on Linux.");
        var path = Written("a.bin", 3 * 4096, fill: 1);
        var mtime = File.GetLastWriteTimeUtc(path);
        var chunks = 0;

        // ctime moves on every write and on every mtime change; make sure the clock ticked past the file's ctime.
        var ctime = FileIdentity.Of(path).ChangeTimeNs;
        await Assert.ThrowsAsync<FileChangedException>(() => FileDigest.ReadAsync(path, FileReadPurpose.Digest, 4096, _ =>
        {
            if (++chunks == 1)
            {
                while (FileIdentity.Of(path).ChangeTimeNs == ctime)
                {
                    RewriteInPlace(path, fill: (byte)(2 + (chunks++ % 2)));
                    File.SetLastWriteTimeUtc(path, mtime);
                }
            }

            return ValueTask.CompletedTask;
        }, TestContext.Current.CancellationToken));
        Assert.Equal(mtime, File.GetLastWriteTimeUtc(path));
    }

    [Fact]
    public async Task ReadAsync_ReplacedByRenameWhileReading_Throws()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "The inode comes from statx on Linux.");
        var path = Written("a.bin", 3 * 4096, fill: 1);
        var other = Written("b.bin", 3 * 4096, fill: 1);
        var chunks = 0;

        var error = await Assert.ThrowsAsync<FileChangedException>(() => FileDigest.ReadAsync(path, FileReadPurpose.FallbackCopy, 4096, _ =>
        {
            if (++chunks == 1)
            {
                File.Move(other, path, overwrite: true);
            }

            return ValueTask.CompletedTask;
        }, TestContext.Current.CancellationToken));

        Assert.Contains("changed while being copied to the fallback folder", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FileIdentity_AgreesWithDotNetAndBetweenHandleAndPath()
    {
        var path = Written("a.bin", 12345, fill: 1);
        using var handle = File.OpenHandle(path);

        var byPath = FileIdentity.Of(path);
        var byHandle = FileIdentity.Of(handle);

        Assert.Equal(12345, byPath.Length);
        Assert.Equal(File.GetLastWriteTimeUtc(path), byPath.LastWriteUtc);
        Assert.Equal(byPath, byHandle);
        Assert.True(!OperatingSystem.IsLinux() || (byPath.Inode != 0 && byPath.ChangeTimeNs != 0), "statx filled in the inode and ctime");
    }

    [Fact]
    public async Task ReadAsync_UntouchedFile_ReadsWithoutComplaint()
    {
        var path = Written("a.bin", 3 * 4096, fill: 1);

        var digest = await FileDigest.ReadAsync(path, FileReadPurpose.Upload, 4096, _ => ValueTask.CompletedTask, TestContext.Current.CancellationToken);

        Assert.Equal(3 * 4096, digest.Length);
    }

    [Fact]
    public async Task Upload_SameSizeRewriteWhileNexusReceivesTheBody_FailedExit4NothingStored()
    {
        // 32 MB is more than every buffer between the file and the server's first read (loopback socket buffers of a
        // few MB each, one 512 KB chunk), so the rewrite lands while the client is still reading the file.
        var path = Written("big.bin", 32 << 20, fill: 1);
        await using var nexus = new FaultServer();
        nexus.OnUpload(FaultAction.WhileReceiving(64 * 1024, () =>
        {
            RewriteInPlace(path, fill: 2);
            return Task.CompletedTask;
        }));

        var run = await CliRun.RunAsync(["upload", path, "-r", "raw-hosted", "--url", nexus.Url, "--no-preflight", "--retries", "0", "-o", "json"]).WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);

        Assert.Equal(ExitCodes.ItemsFailed, run.ExitCode);
        Assert.Contains("changed while being uploaded", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("nothing was stored", run.Stdout, StringComparison.Ordinal);
        Assert.Single(nexus.Uploads);
        Assert.Empty(nexus.Stored);
    }

    [Fact]
    public async Task FallbackCopy_SameSizeRewriteWhileCopying_FailedAndNoCopyLeft()
    {
        var source = Written("a.bin", 1 << 20, fill: 1);
        var fallback = Path.Combine(_dir.Path, "fb");
        var folder = new FallbackFolder(fallback, keepRelativePaths: false, new FakeTimeProvider())
        {
            Disk = new RewritingDisk(() => RewriteInPlace(source, fill: 2)),
        };

        var result = await folder.SaveAsync(FallbackFolderTests.Item(source, "a.bin"), new NexusRequestException(NexusFailureKind.Unreachable, "Nexus could not be reached."), TestContext.Current.CancellationToken);

        Assert.Equal(ItemAction.Failed, result.Action);
        Assert.Contains("changed while being copied to the fallback folder", result.Reason, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(fallback, "*", SearchOption.AllDirectories));
    }

    private string Written(string name, int length, byte fill)
    {
        var path = _dir.Write(name, Enumerable.Repeat(fill, length).ToArray());
        File.SetLastWriteTimeUtc(path, LongAgo); // a rewrite now moves mtime, however coarse the file system's clock
        return path;
    }

    /// <summary>Same size, other bytes, same inode: what a build step that rewrites its output does.</summary>
    private static void RewriteInPlace(string path, byte fill)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite);
        var bytes = Enumerable.Repeat(fill, (int)file.Length).ToArray();
        file.Write(bytes);
    }

    /// <summary>A fallback disk whose copies run a hook once their first bytes are written.</summary>
    private sealed class RewritingDisk(Action hook) : FallbackDisk
    {
        public override Stream CreateCopy(string path, UnixFileMode? mode) => new AfterFirstWrite(base.CreateCopy(path, mode), hook);
    }

    /// <summary>Runs a hook once the first bytes were written through it.</summary>
    private sealed class AfterFirstWrite(Stream inner, Action hook) : Stream
    {
        private bool _done;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => inner.Length;

        public override long Position { get => inner.Position; set => throw new NotSupportedException(); }

        public override void Flush() => inner.Flush();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await inner.WriteAsync(buffer, cancellationToken);
            if (!_done)
            {
                _done = true;
                hook();
            }
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
