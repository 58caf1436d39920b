using Microsoft.Extensions.Time.Testing;
using NexusPush.Cli;
using NexusPush.Formats;
using NexusPush.Nexus;
using NexusPush.Reliability;
using NexusPush.Runs;
using NexusPush.Tests.Support;
using NexusPush.Tests.Sync;

namespace NexusPush.Tests.Reliability;

/// <summary>One folder, one replay at a time; a build saving into the folder meanwhile loses nothing and waits only briefly.</summary>
public sealed class ReplayLockTests : IDisposable
{
    private static readonly NexusRequestException Down = new(NexusFailureKind.Unreachable, "Nexus could not be reached.");
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly TempDir _dir = new();

    private string Fallback => Path.Combine(_dir.Path, "fb");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task TwoReplaysOfOneFolder_EachFileSentOnceTheSecondExits4()
    {
        await SaveAsync("a.txt", "alpha");
        await SaveAsync("b.txt", "beta");
        using var nexus = new StatefulNexus();
        using var firstUploadArrived = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var held = 0;
        nexus.OnUpload = _ =>
        {
            if (Interlocked.Increment(ref held) == 1)
            {
                firstUploadArrived.Set();
                release.Wait(Patience, TestContext.Current.CancellationToken); // the first replay is mid-upload while the second one starts
            }
        };

        var first = Task.Run(() => CliRun.RunAsync(["replay", Fallback, "--url", nexus.Url, "--retry-delay", "0", "--parallel", "1"]));
        Assert.True(firstUploadArrived.Wait(Patience, TestContext.Current.CancellationToken));
        var second = await CliRun.RunAsync(["replay", Fallback, "--url", nexus.Url, "--retry-delay", "0", "--parallel", "1"]).WaitAsync(Patience, TestContext.Current.CancellationToken);
        release.Set();
        var done = await first.WaitAsync(Patience, TestContext.Current.CancellationToken);

        Assert.Equal(ExitCodes.ItemsFailed, second.ExitCode);
        Assert.Contains("another nexus-push replay", second.Stderr, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Success, done.ExitCode);
        Assert.Equal(2, nexus.Uploads.Count);
        Assert.Equal(2, nexus.Uploads.Distinct().Count());
        Assert.False(File.Exists(Path.Combine(Fallback, FallbackManifest.FileName)));
    }

    [Fact]
    public async Task BuildSavesWhileAReplayUploads_NotKeptWaitingItsEntryKept()
    {
        await SaveAsync("a.txt", "alpha");
        using var nexus = new StatefulNexus();
        using var uploadArrived = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        nexus.OnUpload = _ =>
        {
            uploadArrived.Set();
            release.Wait(Patience, TestContext.Current.CancellationToken);
        };

        var replay = Task.Run(() => CliRun.RunAsync(["replay", Fallback, "--url", nexus.Url, "--retry-delay", "0"]));
        Assert.True(uploadArrived.Wait(Patience, TestContext.Current.CancellationToken));
        var saved = await SaveAsync("b.txt", "beta").WaitAsync(Patience, TestContext.Current.CancellationToken); // the replay holds its lock all along
        release.Set();
        var run = await replay.WaitAsync(Patience, TestContext.Current.CancellationToken);

        Assert.Equal(ItemAction.Fallback, saved.Action);
        Assert.Equal(ExitCodes.ItemsFailed, run.ExitCode);
        Assert.Contains("1 entry remains", run.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(Fallback, "a.txt")));
        Assert.Equal("beta", File.ReadAllText(Path.Combine(Fallback, "b.txt")));
        Assert.Equal("b.txt", Assert.Single(new FallbackManifest(Fallback).Read()).File);
    }

    private Task<ItemResult> SaveAsync(string name, string content)
    {
        var source = _dir.Write("src/" + name, content);
        var item = new PlanItem
        {
            LocalPath = source,
            DisplayPath = name,
            Length = new FileInfo(source).Length,
            Format = ArtifactFormat.Raw,
            Repository = "raw-h",
            Directory = "/drop",
            FileName = name,
            TargetPath = "/drop/" + name,
        };
        return new FallbackFolder(Fallback, keepRelativePaths: true, new FakeTimeProvider()).SaveAsync(item, Down, TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Take_WhileAnotherProcessHoldsTheLock_WaitsAndGetsItOnRelease()
    {
        Directory.CreateDirectory(Fallback);
        var other = HoldAsAnotherProcess(FallbackLock.FolderLockName);
        using var busy = new ManualResetEventSlim();

        var taking = Task.Run(() => FallbackLock.Take(Fallback, FallbackLock.FolderLockName, Patience, busy.Set), TestContext.Current.CancellationToken);
        Assert.True(busy.Wait(Patience, TestContext.Current.CancellationToken));
        Assert.False(taking.IsCompleted);
        other.Dispose();
        using var taken = await taking.WaitAsync(Patience, TestContext.Current.CancellationToken);

        Assert.Null(FallbackLock.TryTake(Fallback, FallbackLock.FolderLockName));
    }

    [Fact]
    public async Task SaveAsync_FolderLockHeldLongerThanItsPatience_FailedWithASentenceNoCopyLeft()
    {
        Directory.CreateDirectory(Fallback);
        using var other = HoldAsAnotherProcess(FallbackLock.FolderLockName);
        var source = _dir.Write("src/a.txt", "alpha");
        var folder = new FallbackFolder(Fallback, keepRelativePaths: false, new FakeTimeProvider()) { LockPatience = TimeSpan.Zero };

        var result = await folder.SaveAsync(FallbackFolderTests.Item(source, "a.txt"), Down, TestContext.Current.CancellationToken);

        Assert.Equal(ItemAction.Failed, result.Action);
        Assert.Contains("another nexus-push process has held", result.Reason, StringComparison.Ordinal);
        Assert.Contains("the file is still at " + source, result.Reason, StringComparison.Ordinal);
        Assert.Equal([FallbackLock.FolderLockName], Directory.GetFiles(Fallback, "*", SearchOption.AllDirectories).Select(Path.GetFileName));
    }

    [Fact]
    public void TryTake_LockFileLeftMarkedByAHolderThatDied_IsRecovered()
    {
        Directory.CreateDirectory(Fallback);
        File.WriteAllText(Path.Combine(Fallback, FallbackLock.ReplayLockName), "x");

        using var taken = FallbackLock.TryTake(Fallback, FallbackLock.ReplayLockName);

        Assert.NotNull(taken);
        Assert.Null(FallbackLock.TryTake(Fallback, FallbackLock.ReplayLockName));
    }

    [Fact]
    public void DeleteWhileHeld_TheFileIsGoneAndTheNextTakerGetsAFreshOne()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "an open file cannot be deleted on Windows");
        Directory.CreateDirectory(Fallback);
        var path = Path.Combine(Fallback, FallbackLock.ReplayLockName);
        var holder = FallbackLock.TryTake(Fallback, FallbackLock.ReplayLockName)!;

        holder.DeleteWhileHeld();
        Assert.False(File.Exists(path));
        holder.Dispose();

        using var next = FallbackLock.TryTake(Fallback, FallbackLock.ReplayLockName);
        Assert.NotNull(next);
        Assert.Equal(0, new FileInfo(path).Length);
    }

    /// <summary>A lock held the way another nexus-push process holds it: its own open file description, FileShare.None.</summary>
    private FileStream HoldAsAnotherProcess(string name) =>
        new(Path.Combine(Fallback, name), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
}
