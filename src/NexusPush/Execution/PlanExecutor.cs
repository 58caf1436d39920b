using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using NexusPush.Nexus;
using NexusPush.Planning;
using NexusPush.Progress;
using NexusPush.Reporting;

namespace NexusPush.Execution;

/// <summary>
/// Runs a plan with bounded parallelism. Every item ends as exactly one result; an error that concerns the whole
/// run (credentials, unknown repository) stops new work and the items not started are reported as not attempted.
/// Contains no dry-run logic: a dry run never gets here (style-guide §6.4).
/// </summary>
internal sealed class PlanExecutor(ItemUploader uploader, ExecutionOptions options, IRunObserver observer, ILogger logger, IUploadProgress? progress = null)
{
    private readonly Lock _gate = new();

    public Task<RunSummary> ExecuteAsync(IEnumerable<PlanItem> plan, CancellationToken cancellationToken) =>
        ExecuteAsync(plan.ToAsyncEnumerable(), cancellationToken);

    /// <summary>Runs a plan that is still being produced (sync-dir streams it from the scan); a cancelled plan stream just ends the plan.</summary>
    public async Task<RunSummary> ExecuteAsync(IAsyncEnumerable<PlanItem> plan, CancellationToken cancellationToken)
    {
        var summary = new RunSummary();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var queue = Channel.CreateBounded<PlanItem>(new BoundedChannelOptions(Math.Max(1, options.Parallel) * 2) { SingleWriter = true });

        var workers = Enumerable.Range(0, Math.Max(1, options.Parallel))
            .Select(_ => Task.Run(() => WorkAsync(queue.Reader, summary, stop), CancellationToken.None))
            .ToArray();

        try
        {
            await foreach (var item in plan.WithCancellation(cancellationToken))
            {
                await queue.Writer.WriteAsync(item, CancellationToken.None);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Ctrl-C while planning: stop producing; what is queued is reported "not attempted".
        }

        queue.Writer.Complete();
        await Task.WhenAll(workers);

        summary.Cancelled = cancellationToken.IsCancellationRequested;
        observer.RunFinished(summary);
        return summary;
    }

    private async Task WorkAsync(ChannelReader<PlanItem> queue, RunSummary summary, CancellationTokenSource stop)
    {
        await foreach (var item in queue.ReadAllAsync(CancellationToken.None))
        {
            var result = stop.IsCancellationRequested ? NotAttempted(item, summary) : await RunOneAsync(item, summary, stop);
            lock (_gate)
            {
                summary.Add(result);
                observer.ItemFinished(result);
            }
        }
    }

    private async Task<ItemResult> RunOneAsync(PlanItem item, RunSummary summary, CancellationTokenSource stop)
    {
        switch (item.Action)
        {
            case PlanAction.Skip:
                return new ItemResult(item, ItemAction.Skipped, item.Reason ?? "identical", item.Digest?.Sha256);
            case PlanAction.Unrouted:
                return new ItemResult(item, ItemAction.Unrouted, item.Reason);
            case PlanAction.Fail:
                return new ItemResult(item, ItemAction.Failed, item.Reason, item.Digest?.Sha256) { IsInvalidPackage = item.IsInvalidPackage };
        }

        try
        {
            var result = await uploader.RunAsync(item, progress?.ItemStarted(item), stop.Token);
            // The report already has a line per item; the log repeats it only at debug level.
            logger.LogDebug("{Action} {File} -> {Repository}{Path}", result.Action, item.DisplayPath, item.Repository, item.TargetPath);
            return result;
        }
        catch (NexusRequestException e) when (e.Kind.RunExitCode() is { } exitCode)
        {
            lock (_gate)
            {
                summary.FatalError ??= exitCode == Cli.ExitCodes.AuthRefused ? new NexusAuthException(e.Message) : new UsageException(e.Message, e);
            }

            stop.Cancel();
            return new ItemResult(item, ItemAction.Failed, e.Message);
        }
        catch (NexusRequestException e) when (e.IsTransient && options.Fallback is { } fallback && !stop.IsCancellationRequested)
        {
            // Issue 5: Nexus stayed unreachable after all retries; save the file instead of failing the build.
            var saved = await fallback.SaveAsync(item, e, stop.Token);
            logger.LogWarning("{Action} {File}: {Reason}", saved.Action, item.DisplayPath, saved.Reason);
            return saved;
        }
        catch (NexusRequestException e)
        {
            return new ItemResult(item, ItemAction.Failed, e.Message);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            return new ItemResult(item, ItemAction.Failed, "cancelled while uploading; nothing was stored unless a re-run finds it identical");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new ItemResult(item, ItemAction.Failed, $"cannot read {item.DisplayPath}: {e.Message}");
        }
    }

    private static ItemResult NotAttempted(PlanItem item, RunSummary summary) =>
        new(item, ItemAction.Failed, summary.FatalError is { } fatal ? $"not attempted: {fatal.Message}" : "not attempted: the run was cancelled");
}
