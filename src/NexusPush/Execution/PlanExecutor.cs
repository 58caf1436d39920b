using System.Runtime.ExceptionServices;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using NexusPush.LocalFiles;
using NexusPush.Nexus;
using NexusPush.Progress;
using NexusPush.Runs;

namespace NexusPush.Execution;

/// <summary>
/// Runs a plan with bounded parallelism. Every item ends as exactly one result; an error that concerns the whole
/// run (credentials, unknown repository) stops new work and the items not started are reported as not attempted.
/// So does a report, journal or progress writer that fails (a full disk): the uploads in flight are cancelled, every
/// item still gets its one result, and the run ends with exit 4 instead of waiting forever on a dead worker.
/// Contains no dry-run logic: a dry run stops after planning, so transfer code never asks whether it is one.
/// </summary>
internal sealed class PlanExecutor(ItemUploader uploader, ExecutionOptions options, IRunObserver observer, ILogger logger, RunProgress? progress = null)
{
    private readonly Lock _gate = new();
    private readonly ListingVerifier _verifier = new(uploader.VerifyingLater(), logger, options.Fallback);
    private readonly RequestCounter _requests = uploader.Client.Requests;
    private CancellationToken _workersDone;
    private ExceptionDispatchInfo? _observerBug;
    private Task? _ticks;

    public Task<RunSummary> ExecuteAsync(IEnumerable<PlanItem> plan, CancellationToken cancellationToken, RunSummary? summary = null) =>
        ExecuteAsync(plan.ToAsyncEnumerable(), cancellationToken, summary);

    /// <summary>Runs a plan that is still being produced (sync-dir streams it from the scan); a cancelled plan stream just ends the plan.</summary>
    /// <param name="plan">The items, in order.</param>
    /// <param name="cancellationToken">Ctrl-C: stops the run (exit 130).</param>
    /// <param name="summary">The summary to count into, when the caller set it up (e.g. sync-dir's scan counts); else a new one.</param>
    public async Task<RunSummary> ExecuteAsync(IAsyncEnumerable<PlanItem> plan, CancellationToken cancellationToken, RunSummary? summary = null)
    {
        summary ??= new RunSummary();
        summary.Requests = _requests;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var queue = Channel.CreateBounded<PlanItem>(new BoundedChannelOptions(Math.Max(1, options.Parallel) * 2) { SingleWriter = true });

        using var workersDone = new CancellationTokenSource();
        _workersDone = workersDone.Token;
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
        await workersDone.CancelAsync();
        Task? ticks;
        lock (_gate)
        {
            ticks = _ticks;
        }

        if (ticks is not null)
        {
            await ticks;
        }

        // What the workers left waiting for its repository's listing gets its final result now.
        foreach (var batch in _verifier.TakeAll())
        {
            await VerifyAndReportAsync(batch, summary, stop);
        }

        summary.Cancelled = cancellationToken.IsCancellationRequested;
        Notify(() => observer.RunFinished(summary), summary, stop);

        // A writer that failed with something other than a write error is a bug: the run ended cleanly, now say so (exit 1).
        _observerBug?.Throw();
        return summary;
    }

    /// <summary>
    /// Every <see cref="VerificationBatches.Tick"/>, verifies the batches that have waited <see cref="VerificationBatches.MaxWait"/>,
    /// so a slow run journals each verified file within seconds instead of at the end.
    /// </summary>
    private async Task VerifyOnEveryTickAsync(RunSummary summary, CancellationTokenSource stop, CancellationToken workersDone)
    {
        while (!workersDone.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(VerificationBatches.Tick, uploader.Client.Time, workersDone);
            }
            catch (OperationCanceledException)
            {
                return; // The end of the run verifies the rest.
            }

            foreach (var batch in _verifier.TakeOverdue())
            {
                await VerifyAndReportAsync(batch, summary, stop);
            }
        }
    }

    private async Task WorkAsync(ChannelReader<PlanItem> queue, RunSummary summary, CancellationTokenSource stop)
    {
        await foreach (var item in queue.ReadAllAsync(CancellationToken.None))
        {
            var stopped = stop.IsCancellationRequested || summary.OutputFailure is not null;
            (ItemResult Result, RequestCounter.Reservation? Reservation) result =
                stopped ? (NotAttempted(item, summary), null)
                : summary.StoppedAtMaxRequests && SendsRequests(item) ? (Deferred(item, "not started"), null)
                : await RunReservedAsync(item, summary, stop);
            if (result.Result is { AwaitsVerification: true } uploaded)
            {
                // The clock starts with the first upload held for its batch: a run that holds none sets no timer.
                lock (_gate)
                {
                    _ticks ??= Task.Run(() => VerifyOnEveryTickAsync(summary, stop, _workersDone), CancellationToken.None);
                }

                if (_verifier.Add(uploaded, result.Reservation) is { } due)
                {
                    await VerifyAndReportAsync(due, summary, stop);
                }

                continue;
            }

            result.Reservation?.Dispose();
            Report(result.Result, summary, stop);
        }
    }

    private void Report(ItemResult result, RunSummary summary, CancellationTokenSource stop)
    {
        lock (_gate)
        {
            summary.Add(result);
            Notify(() => observer.ItemFinished(result), summary, stop);
        }
    }

    private async Task VerifyAndReportAsync(ListingVerifier.Batch batch, RunSummary summary, CancellationTokenSource stop)
    {
        IReadOnlyList<ItemResult> results;
        try
        {
            results = await _verifier.VerifyAsync(batch, stop.Token);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            results = batch.Items.Select(r => r with { Action = ItemAction.Failed, Reason = "uploaded, but cancelled before it was verified; a re-run compares it with Nexus", Sha1 = null, AwaitsVerification = false }).ToList();
        }

        foreach (var result in results)
        {
            Report(result, summary, stop);
        }
    }

    /// <summary>
    /// Runs one item under <c>--max-requests</c>: it starts only when the budget covers what it needs (the upload and
    /// its verification); otherwise it and every later item that would send a request are deferred to the next run.
    /// </summary>
    private async Task<(ItemResult Result, RequestCounter.Reservation? Reservation)> RunReservedAsync(PlanItem item, RunSummary summary, CancellationTokenSource stop)
    {
        if (!SendsRequests(item) || _requests.Limit is null)
        {
            return (await RunOneAsync(item, summary, stop), null);
        }

        var reservation = _requests.TryReserve(uploader.RequestsFor(item));
        if (reservation is null)
        {
            if (!summary.StoppedAtMaxRequests)
            {
                summary.StoppedAtMaxRequests = true;
                logger.LogWarning("Stopping at --max-requests {Limit}: no new uploads start; the files left are deferred to the next run", _requests.Limit);
            }

            return (Deferred(item, "not started"), null);
        }

        RequestCounter.Use(reservation);
        return (await RunOneAsync(item, summary, stop), reservation);
    }

    private static bool SendsRequests(PlanItem item) => item.Action == PlanAction.Upload;

    private static ItemResult Deferred(PlanItem item, string what) =>
        new(item, ItemAction.Deferred, $"{what}: stopped at --max-requests; run again to continue", item.Digest?.Sha256);

    /// <summary>Calls the observers; whatever they throw stops the run instead of killing this worker (a dead worker would leave the plan's producer waiting forever).</summary>
    private void Notify(Action call, RunSummary summary, CancellationTokenSource stop)
    {
        try
        {
            call();
        }
        catch (Exception e) when (OutputFailedException.IsWriteFailure(e))
        {
            var first = summary.OutputFailure is null;
            summary.RecordOutputFailure(OutputFailedException.From("an output", e));
            if (first)
            {
                logger.LogError("{Error}; stopping the run: the files not yet sent are reported as not attempted", summary.OutputFailure!.Message);
            }

            stop.Cancel();
        }
#pragma warning disable CA1031 // Any exception: the run must still end; it is rethrown once every worker is done.
        catch (Exception e)
#pragma warning restore CA1031
        {
            _observerBug ??= ExceptionDispatchInfo.Capture(e);
            stop.Cancel();
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

        if (summary.UsageLimitRefusal is { } refusal)
        {
            // Every request counts against the usage limit: after the refusal no upload is even tried.
            return await RefusedAsync(item, refusal, UsageLimitNotAttempted, stop);
        }

        RetrySubject.Name = item.DisplayPath;
        try
        {
            var result = await uploader.RunAsync(item, progress?.ItemStarted(item), stop.Token);
            // The report already has a line per item; the log repeats it only at debug level.
            logger.LogDebug("{Action} {File} -> {Repository}{Path}", ReportNames.Of(result.Action), item.DisplayPath, item.Repository, item.TargetPath);
            return result;
        }
        catch (NexusRequestException e) when (e.RunStoppingError() is { } fatal)
        {
            lock (_gate)
            {
                summary.FatalError ??= fatal;
            }

            stop.Cancel();
            return new ItemResult(item, ItemAction.Failed, e.Message);
        }
        catch (NexusRequestException e) when (e.Kind == NexusFailureKind.UsageLimit)
        {
            bool first;
            lock (_gate)
            {
                first = summary.UsageLimitRefusal is null;
                summary.UsageLimitRefusal ??= e;
            }

            if (first)
            {
                logger.LogError("{Refusal} No further upload is sent; the files not stored yet {Where}.", e.Message, options.Fallback is null ? "are reported failed" : "go to the fallback folder");
            }

            return await RefusedAsync(item, e, e.Message, stop);
        }
        catch (NexusRequestException e) when (e.IsTransient && options.Fallback is { } fallback && !stop.IsCancellationRequested)
        {
            // Nexus stayed unreachable after all retries; save the file instead of failing the build.
            var saved = await fallback.SaveAsync(item, e, stop.Token);
            // The report has the item's line, and the cause (when the whole run shares it) is on stderr once already.
            logger.LogDebug("{Action} {File}: {Reason}", ReportNames.Of(saved.Action), item.DisplayPath, saved.Reason);
            return saved;
        }
        catch (NexusRequestException e)
        {
            return new ItemResult(item, ItemAction.Failed, e.Message) { RunWideCause = e.RunWideCause };
        }
        catch (RequestBudgetExhaustedException e)
        {
            // A retry (or a probe of a Nexus that stopped answering) the budget did not cover: the next run finishes it.
            lock (_gate)
            {
                summary.StoppedAtMaxRequests = true;
            }

            return new ItemResult(item, ItemAction.Deferred, $"{e.What}; run again to continue (a re-run compares it with Nexus first)", item.Digest?.Sha256);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            return new ItemResult(item, ItemAction.Failed, "cancelled while uploading; nothing was stored unless a re-run finds it identical");
        }
        catch (FileChangedException e)
        {
            // The file is not the one planned (deleted, replaced): its own sentence, once, and Nexus was not asked.
            return new ItemResult(item, ItemAction.Failed, e.Message);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new ItemResult(item, ItemAction.Failed, $"cannot read {item.DisplayPath}: {e.Message}");
        }
    }

    internal const string UsageLimitNotAttempted = "not attempted: Nexus refuses new components (Community Edition usage limit)";

    /// <summary>A file Nexus would not take because of its usage limit: into the fallback folder when there is one, else failed.</summary>
    private async Task<ItemResult> RefusedAsync(PlanItem item, NexusRequestException refusal, string reason, CancellationTokenSource stop)
    {
        if (options.Fallback is { } fallback && !stop.IsCancellationRequested)
        {
            return await fallback.SaveAsync(item, refusal, stop.Token);
        }

        return new ItemResult(item, ItemAction.Failed, reason);
    }

    private static ItemResult NotAttempted(PlanItem item, RunSummary summary) =>
        new(item, ItemAction.Failed, summary.FatalError is { } fatal ? $"not attempted: {fatal.Message}"
            : summary.OutputFailure is { } output ? $"not attempted: {output.Message}"
            : "not attempted: the run was cancelled");
}
