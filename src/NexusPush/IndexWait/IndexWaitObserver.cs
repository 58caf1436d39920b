using NexusPush.Runs;

namespace NexusPush.IndexWait;

/// <summary>
/// Sits between the executor and the reports during a <c>--wait-index</c> run: uploaded .deb/.rpm results (and the
/// run's end) are held back until <see cref="CompleteAsync"/> has waited for the index, so the reports and the exit
/// code show the final verdict: <c>uploaded</c>, or <c>failed</c> with <c>not indexed after N s</c>.
/// </summary>
internal sealed class IndexWaitObserver(IRunObserver inner) : IRunObserver
{
    private readonly List<ItemResult> _held = [];
    private RunSummary? _summary;

    public void ItemFinished(ItemResult result)
    {
        if (IndexWaitTarget.Applies(result))
        {
            _held.Add(result);
        }
        else
        {
            inner.ItemFinished(result);
        }
    }

    public void RunFinished(RunSummary summary) => _summary = summary;

    /// <summary>Waits (unless the run was stopped), then releases the held results and the end of the run.</summary>
    public async Task CompleteAsync(Func<IReadOnlyList<IndexWaitTarget>, CancellationToken, Task<Dictionary<IndexWaitTarget, string?>>> wait, CancellationToken cancellationToken)
    {
        var summary = _summary ?? throw new InvalidOperationException("The run has not finished.");
        var stopped = summary.Cancelled || summary.FatalError is not null;
        Dictionary<IndexWaitTarget, string?> verdicts = [];
        try
        {
            if (!stopped && _held.Count > 0)
            {
                verdicts = await wait(_held.Select(r => new IndexWaitTarget(r)).ToList(), cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Ctrl-C while waiting: the files are stored, so report them uploaded and the run cancelled (exit 130).
            summary.Cancelled = true;
        }

        foreach (var result in _held)
        {
            var reason = verdicts.FirstOrDefault(v => ReferenceEquals(v.Key.Result, result)).Value;
            if (reason is null)
            {
                inner.ItemFinished(result);
                continue;
            }

            var failed = result with { Action = ItemAction.Failed, Reason = reason };
            summary.Revise(result, failed);
            inner.ItemFinished(failed);
        }

        inner.RunFinished(summary);
    }
}
