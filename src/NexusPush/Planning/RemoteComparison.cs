using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using NexusPush.Nexus;
using NexusPush.Runs;

namespace NexusPush.Planning;

/// <summary>
/// The "compare with Nexus" stage of sync-dir, streamed between the planner and the executor. Per repository it
/// buffers the first <see cref="ComparisonOptions.ListingThreshold"/> items; past that it fetches the asset listing
/// once and compares locally (SHA-1, hashing only files whose target path exists remotely). Repositories that stay
/// small, or whose listing is refused (403) or unreadable (not JSON), are checked per file with HEAD instead. A file
/// the resume journal vouches for (<see cref="PlanItem.FromJournal"/>) brings its repository's listing forward.
/// Never throws for Nexus trouble: a failed listing falls back to HEAD, where a real problem surfaces per item.
/// </summary>
internal sealed class RemoteComparison(NexusClient client, ComparisonOptions options, ILogger logger)
{
    private readonly Dictionary<string, RepositoryState> _repositories = new(StringComparer.Ordinal);
    private readonly NuGetComparison _nuget = new(new NuGetRemote(client), options, client.WritePolicies);

    public async IAsyncEnumerable<PlanItem> CompareAsync(IEnumerable<PlanItem> plan, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // Up to Parallelism decisions (hashing a file Nexus holds, a dry run's HEAD) run at once, so a re-sync of
        // large files hashes on every core; items still come out in plan order.
        var window = new Queue<Task<PlanItem>>();
        await foreach (var decision in DecideAllAsync(plan, cancellationToken))
        {
            window.Enqueue(decision);
            if (window.Count >= options.Parallelism)
            {
                yield return await window.Dequeue();
            }
        }

        while (window.Count > 0)
        {
            yield return await window.Dequeue();
        }
    }

    private async IAsyncEnumerable<Task<PlanItem>> DecideAllAsync(IEnumerable<PlanItem> plan, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var item in plan)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (options.HeadWhilePlanning && NuGetRemote.Applies(item))
            {
                yield return _nuget.DecideAsync(item, cancellationToken); // No predictable path: found by id and version.
                continue;
            }

            if (item.Action != PlanAction.Upload || item.Repository is null || item.TargetPath is null)
            {
                yield return Task.FromResult(item);
                continue;
            }

            var state = State(item.Repository);
            if (state.Mode == CompareMode.Pending)
            {
                state.Pending.Add(item);

                // A journaled file is compared with the listing however small the repository: one request per
                // repository proves what Nexus holds now, where a HEAD per file would cost what the journal saves.
                if (state.Pending.Count <= options.ListingThreshold && !item.FromJournal)
                {
                    continue;
                }

                state.Index = await ListAsync(item.Repository, cancellationToken);
                state.Mode = state.Index is null ? CompareMode.Head : CompareMode.Listing;
                foreach (var pending in state.Pending)
                {
                    yield return ResolveAsync(pending, state, cancellationToken);
                }

                state.Pending.Clear();
                continue;
            }

            yield return ResolveAsync(item, state, cancellationToken);
        }

        // Repositories that never passed the threshold: HEAD is cheaper than their listing.
        foreach (var state in _repositories.Values.Where(s => s.Mode == CompareMode.Pending))
        {
            state.Mode = CompareMode.Head;
            foreach (var pending in state.Pending)
            {
                yield return ResolveAsync(pending, state, cancellationToken);
            }

            state.Pending.Clear();
        }
    }

    private RepositoryState State(string repository)
    {
        if (!_repositories.TryGetValue(repository, out var state))
        {
            state = new RepositoryState();
            _repositories[repository] = state;
        }

        return state;
    }

    private async Task<PlanItem> ResolveAsync(PlanItem item, RepositoryState state, CancellationToken cancellationToken)
    {
        if (state.Mode == CompareMode.Listing)
        {
            return state.Index!.TryGetValue(item.TargetPath!, out var remoteSha1)
                ? await RemoteDecision.DecideAsync(item, remoteSha1, answeredHead: false, options.OnConflict, client.WritePolicies, cancellationToken)
                : item with { Remote = RemoteState.Absent };
        }

        if (!options.HeadWhilePlanning)
        {
            return item; // RemoteState.Unknown: ItemUploader HEADs it when its turn comes.
        }

        RemoteAsset? head;
        try
        {
            head = await client.HeadAsync(item.Repository!, item.TargetPath!, cancellationToken);
        }
        catch (NexusRequestException e) when (e.RunStoppingError() is { } fatal)
        {
            throw fatal;
        }
        catch (NexusRequestException e)
        {
            return item with { Reason = $"could not check Nexus: {e.Message}" };
        }

        return head is null ? item with { Remote = RemoteState.Absent } : await RemoteDecision.DecideAsync(item, head.Sha1, answeredHead: true, options.OnConflict, client.WritePolicies, cancellationToken);
    }

    /// <summary>Path → SHA-1 of every asset (only what the comparison needs: a 500,000-asset repository stays small).</summary>
    private async Task<Dictionary<string, string?>?> ListAsync(string repository, CancellationToken cancellationToken)
    {
        var index = new Dictionary<string, string?>(StringComparer.Ordinal);
        try
        {
            await foreach (var asset in client.ListAssetsAsync(repository, cancellationToken))
            {
                index[asset.Path] = asset.Sha1;
            }
        }
        catch (RequestBudgetExhaustedException)
        {
            return null; // --max-requests leaves no room for the listing: each upload HEADs what it needs, within its reservation.
        }
        catch (NexusRequestException e)
        {
            // 403 (browse not granted: uploads need read + add, listing needs browse), not JSON (a proxy), or worse:
            // per-file HEAD still works in the first two cases and reports the real problem in the last.
            logger.LogWarning("Cannot list repository {Repository} ({Reason}); checking each file with HEAD instead", repository, e.Message);
            return null;
        }

        logger.LogInformation("Listed {Count} assets of repository {Repository}", index.Count, repository);
        return index;
    }

    private enum CompareMode
    {
        Pending,
        Listing,
        Head,
    }

    private sealed class RepositoryState
    {
        public CompareMode Mode { get; set; }

        public List<PlanItem> Pending { get; } = [];

        public Dictionary<string, string?>? Index { get; set; }
    }
}
