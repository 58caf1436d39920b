using System.CommandLine;
using NexusPush.Execution;
using NexusPush.Reliability;
using NexusPush.Runs;

namespace NexusPush.Cli;

/// <summary>
/// <c>nexus-push replay DIR</c>: uploads what a fallback folder holds to the repository and path recorded in its
/// manifest, verifies each one, and only then removes its file and manifest line. One replay per folder at a time
/// (a second one exits 4 at once); an interrupted replay resumes: what already landed is found identical and pruned
/// without being sent again. Exit 0 only when the folder holds no entry afterwards.
/// </summary>
internal static class ReplayCommand
{
    /// <summary>How long replay waits for a run that is saving a file into the folder right now.</summary>
    private static readonly TimeSpan LockPatience = TimeSpan.FromSeconds(60);

    public static Command Create(CliContext context)
    {
        var folder = new Argument<string>("DIR") { Description = "The folder given to --fallback-dir." };
        var options = context.Options;
        var command = new Command("replay", """
            Upload the files a run saved to its fallback folder (--fallback-dir), each to the repository and path its
            manifest line records, then remove each one Nexus verifiably holds. An interrupted replay resumes; a
            folder with nothing in it (or none at all) is success, so replay can run on a schedule.

            Examples:
              nexus-push replay /var/spool/nexus-push --url https://nexus.example.com/
              nexus-push replay /var/spool/nexus-push --report replay.json --alert-webhook https://hooks.example.com/T0/B0/XXXX
              NEXUS_URL=https://nexus.example.com/ nexus-push -v replay /var/spool/nexus-push -p 2

            """ + ExitCodeHelp.Replay)
        {
            folder,
        };
        foreach (var option in options.Connection.Concat([options.Output, options.Report, options.Parallel, options.OnConflict, options.AlertWebhook, options.AlertContext]).Concat(options.Logging))
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parse, cancellationToken) =>
            await RunAsync(context, context.Bound(new ReplaySettings(RunSettings.Bind(parse, options), Path.GetFullPath(parse.GetValue(folder)!))), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(CliContext context, ReplaySettings replay, CancellationToken cancellationToken)
    {
        var (settings, directory) = replay;
        if (File.Exists(directory))
        {
            throw new UsageException($"{directory} is a file; replay takes the folder given to --fallback-dir.");
        }

        if (FallbackFolder.RemoveStalePartials(directory) is { } removed)
        {
            context.Stderr.WriteLine($"replay: {directory}: {removed}");
        }

        if (!File.Exists(Path.Combine(directory, FallbackManifest.FileName)))
        {
            // A scheduled replay stays green until a run has saved something (the folder may not exist yet).
            return NothingToReplay(context, settings, directory);
        }

        using var replayLock = TakeReplayLock(directory);
        if (replayLock is null)
        {
            context.Stderr.WriteLine($"error: another nexus-push replay is working on {directory} (it holds {FallbackLock.ReplayLockName}); nothing was sent — run replay again once it has finished.");
            return ExitCodes.ItemsFailed;
        }

        var planned = await ReplayPlanner.PlanAsync(directory, LockPatience, cancellationToken);
        if (planned.Count == 0)
        {
            return NothingToReplay(context, settings, directory);
        }

        using var session = new RunSession(context, settings);

        // Verification is what allows a file to be removed: never skipped here.
        var execution = session.Execution(keepRelativePaths: true) with { Verify = true, Fallback = null };
        var client = session.Connect();
        var reports = session.Reports(showSkipped: true);

        // By reference: two manifest lines may describe equal items (the same file meant for the same place).
        var items = new Dictionary<PlanItem, ReplayItem>(ReferenceEqualityComparer.Instance);
        foreach (var item in planned)
        {
            items[item.Item] = item;
        }

        var pruner = new ReplayPruner(directory, items, context.Stderr, LockPatience);
        var observer = new Reporting.CompositeObserver([pruner, reports]);
        var executor = new PlanExecutor(new ItemUploader(client, execution), execution, observer, session.Logger);
        var summary = await executor.ExecuteAsync(planned.Select(p => p.Item), cancellationToken);
        var exitCode = session.Finish(summary);

        int left;
        try
        {
            left = CountLinesAndTidy(directory, replayLock);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            context.Stderr.WriteLine($"replay: cannot read {FallbackManifest.FileName} after the run ({e.Message}); run replay again to see what remains.");
            return ExitCodes.ItemsFailed;
        }

        if (pruner.Remaining(left) is { } remaining)
        {
            context.Stderr.WriteLine(remaining);
            return exitCode == ExitCodes.Success ? ExitCodes.ItemsFailed : exitCode;
        }

        return exitCode;
    }

    private static FallbackLock? TakeReplayLock(string directory)
    {
        try
        {
            return FallbackLock.TryTake(directory, FallbackLock.ReplayLockName);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"Cannot lock {directory} for replay ({e.Message}); replay needs write access to the folder, to remove what it has sent.");
        }
    }

    private static int NothingToReplay(CliContext context, RunSettings settings, string directory)
    {
        using (var session = new RunSession(context, settings))
        {
            session.Reports(showSkipped: true).RunFinished(new RunSummary());
        }

        context.Stderr.WriteLine($"nothing to replay: {directory} holds no {FallbackManifest.FileName} (no file was saved there, or every one has been sent).");
        return ExitCodes.Success;
    }

    /// <summary>The lines left in the manifest; when none is, the lock files go too, so a replayed folder is empty.</summary>
    private static int CountLinesAndTidy(string directory, FallbackLock replayLock)
    {
        using var folderLock = FallbackLock.Take(directory, FallbackLock.FolderLockName, LockPatience);
        var lines = new FallbackManifest(directory).ReadLines().Count;
        if (lines == 0 && !File.Exists(Path.Combine(directory, FallbackManifest.FileName)))
        {
            replayLock.DeleteWhileHeld();
            folderLock.DeleteWhileHeld();
        }

        return lines;
    }
}

/// <summary><c>replay</c>'s options, read once.</summary>
/// <param name="Run">The shared options.</param>
/// <param name="Folder">The fallback folder, as a full path.</param>
internal sealed record ReplaySettings(RunSettings Run, string Folder);
