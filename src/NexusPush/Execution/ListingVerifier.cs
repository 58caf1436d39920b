using Microsoft.Extensions.Logging;
using NexusPush.Nexus;
using NexusPush.Reliability;
using NexusPush.Runs;

namespace NexusPush.Execution;

/// <summary>
/// Verifies uploads in batches by reading the repository's asset listing instead of one HEAD per file: the listing
/// reads the database, so a 204 upload is listed at once, with its checksums (nexus-contract.md §5.2, §5.3), and one
/// page holds 100 assets (§5.1). The invariant is the HEAD's: an item stays <c>uploaded</c> only when the SHA-1 the
/// listing gives for its path equals the SHA-1 of the bytes sent.
/// <para>
/// Pages come in an order nothing promises, so a batch reads until every path it waits for is seen, else to the end
/// of the repository; a path still missing is read for once more (<see cref="VerificationBatches.Reads"/>), then it fails as a HEAD's 404
/// would. A batch is verified when a repository's waiting uploads reach <see cref="VerificationBatches.BatchSize"/>,
/// when its first upload has waited <see cref="VerificationBatches.MaxWait"/> (the executor looks every
/// <see cref="VerificationBatches.Tick"/>), and at the end of the run: an
/// upload's result, and so its journal line, follows it within a bounded number of files and seconds whatever the
/// size of the repository. A small batch, or one smaller than the pages a whole read would take (a batch into a
/// large repository), is verified with one HEAD each (<see cref="VerificationBatches.ByHead"/>), so no batch costs
/// more than a request per upload; what each read proves is in docs/nexus-contract.md §5.2.
/// </para>
/// <para>
/// An upload the run cannot verify because Nexus stopped answering (a transient failure after every retry) is, with
/// <c>--fallback-dir</c>, saved to the fallback folder like a file never sent: nothing ends unproven and unsaved, and
/// a replay finds the stored copy identical and skips it.
/// </para>
/// </summary>
internal sealed class ListingVerifier(ItemUploader uploader, ILogger logger, FallbackFolder? fallback = null)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Batch> _waiting = new(StringComparer.Ordinal);

    /// <summary>Holds an upload for verification; returns the repository's batch when it is due now, else null.</summary>
    public Batch? Add(ItemResult uploaded, RequestCounter.Reservation? reservation)
    {
        var repository = uploaded.Item.Repository!;
        lock (_gate)
        {
            if (!_waiting.TryGetValue(repository, out var batch))
            {
                batch = new Batch(repository, uploader.Client.Time.GetTimestamp());
                _waiting[repository] = batch;
            }

            batch.Add(uploaded, reservation);

            // Each upload reserved one request for its verification; the batch keeps only what one whole read of
            // the repository costs (and at most a HEAD each), so --max-requests is spent on uploads.
            batch.Reservation?.Trim(Math.Min(batch.Items.Count, uploader.Client.Listings.PagesFor(repository, batch.Items.Count) + 1));
            if (batch.Items.Count < VerificationBatches.BatchSize && !Overdue(batch))
            {
                return null;
            }

            _waiting.Remove(repository);
            return batch;
        }
    }

    /// <summary>The batches whose first upload has waited <see cref="VerificationBatches.MaxWait"/>, for a tick of the executor.</summary>
    public IReadOnlyList<Batch> TakeOverdue()
    {
        lock (_gate)
        {
            var overdue = _waiting.Values.Where(Overdue).ToList();
            foreach (var batch in overdue)
            {
                _waiting.Remove(batch.Repository);
            }

            return overdue;
        }
    }

    private bool Overdue(Batch batch) => uploader.Client.Time.GetElapsedTime(batch.Started) >= VerificationBatches.MaxWait;

    /// <summary>The batches still waiting, for the end of the run.</summary>
    public IReadOnlyList<Batch> TakeAll()
    {
        lock (_gate)
        {
            var all = _waiting.Values.ToList();
            _waiting.Clear();
            return all;
        }
    }

    /// <summary>The final result of every upload in <paramref name="batch"/>, each exactly once.</summary>
    public async Task<IReadOnlyList<ItemResult>> VerifyAsync(Batch batch, CancellationToken cancellationToken)
    {
        using var reservation = batch.Reservation;
        RequestCounter.Use(reservation);
        var results = new List<ItemResult>(batch.Items.Count);
        var awaited = new Dictionary<string, ItemResult>(StringComparer.Ordinal);
        var byHead = new List<ItemResult>();
        foreach (var item in batch.Items)
        {
            // Two uploads to one path (a bug elsewhere) cannot both be told apart in a listing: HEAD the second.
            if (!awaited.TryAdd(item.Item.TargetPath!, item))
            {
                byHead.Add(item);
            }
        }

        if (VerificationBatches.ByHead(batch.Items.Count, uploader.Client.Listings.PagesFor(batch.Repository, batch.Items.Count)))
        {
            byHead.AddRange(awaited.Values);
            awaited.Clear();
        }

        try
        {
            for (var read = 0; read < VerificationBatches.Reads && awaited.Count > 0; read++)
            {
                await ReadOnceAsync(batch.Repository, awaited, results, cancellationToken);
            }

            results.AddRange(awaited.Values.Select(NotListed));
        }
        catch (RequestBudgetExhaustedException e)
        {
            results.AddRange(awaited.Values.Concat(byHead).Select(r => Deferred(r, e)));
            return results;
        }
        catch (NexusRequestException e) when (!e.IsTransient)
        {
            // Refused (403: this user may browse but not list) or not a listing: the HEAD says what it can.
            logger.LogDebug("Listing {Repository} for verification failed ({Error}); verifying with HEAD", batch.Repository, e.Message);
            byHead.AddRange(awaited.Values);
        }
        catch (NexusRequestException e)
        {
            foreach (var item in awaited.Values)
            {
                results.Add(await UnreachableAsync(item, e, $"uploaded but not verified: reading the asset listing of '{item.Item.Repository}' failed ({e.Message}); re-run to compare it with Nexus", cancellationToken));
            }
        }

        foreach (var item in byHead)
        {
            results.Add(await HeadAsync(item, cancellationToken));
        }

        return results;
    }

    private async Task ReadOnceAsync(string repository, Dictionary<string, ItemResult> awaited, List<ItemResult> results, CancellationToken cancellationToken)
    {
        await foreach (var asset in uploader.Client.ListAssetsAsync(repository, cancellationToken))
        {
            if (awaited.Remove(asset.Path, out var uploaded))
            {
                results.Add(Judge(uploaded, asset));
                if (awaited.Count == 0)
                {
                    break; // Every path this batch waits for is seen: the other pages are not needed.
                }
            }
        }
    }

    private async Task<ItemResult> HeadAsync(ItemResult uploaded, CancellationToken cancellationToken)
    {
        try
        {
            return await uploader.VerifyByHeadAsync(uploaded, cancellationToken);
        }
        catch (RequestBudgetExhaustedException e)
        {
            return Deferred(uploaded, e);
        }
        catch (NexusRequestException e)
        {
            return e.IsTransient ? await UnreachableAsync(uploaded, e, $"uploaded but not verified: {e.Message}", cancellationToken) : Failed(uploaded, $"uploaded but not verified: {e.Message}");
        }
    }

    /// <summary>An upload Nexus became unreachable to verify: into the fallback folder when there is one, else failed with <paramref name="reason"/>.</summary>
    private async Task<ItemResult> UnreachableAsync(ItemResult uploaded, NexusRequestException e, string reason, CancellationToken cancellationToken)
    {
        if (fallback is null || cancellationToken.IsCancellationRequested)
        {
            return Failed(uploaded, reason);
        }

        return await fallback.SaveAsync(uploaded.Item, e, cancellationToken);
    }

    private static ItemResult Judge(ItemResult uploaded, RemoteAsset listed)
    {
        var where = $"{uploaded.Item.Repository}{uploaded.Item.TargetPath}";
        if (listed.Sha1 is null)
        {
            return Failed(uploaded, $"uploaded but not verified: the asset listing gives {where} no SHA-1; check for a proxy that rewrites Nexus's answers, or pass --no-verify to accept unverified uploads");
        }

        return ConflictDecision.VerificationFailure(uploaded.Item.TargetPath, listed.Sha1, uploaded.Sha1!) is { } failure
            ? Failed(uploaded, failure)
            : uploaded with { AwaitsVerification = false };
    }

    private static ItemResult NotListed(ItemResult uploaded) =>
        Failed(uploaded, $"Nexus accepted the upload but {uploaded.Item.Repository}{uploaded.Item.TargetPath} is not in the repository's asset listing (read {VerificationBatches.Reads} times); check the repository's layout rules (e.g. yum repodata depth)");

    private static ItemResult Failed(ItemResult uploaded, string reason) =>
        uploaded with { Action = ItemAction.Failed, Reason = reason, Sha1 = null, AwaitsVerification = false };

    private static ItemResult Deferred(ItemResult uploaded, RequestBudgetExhaustedException e) =>
        uploaded with { Action = ItemAction.Deferred, Reason = $"uploaded but not verified ({e.What}); the next run compares it with Nexus", Sha1 = null, AwaitsVerification = false };

    /// <summary>The uploads of one repository waiting for verification, and the requests they reserved for it.</summary>
    internal sealed class Batch(string repository, long started)
    {
        public string Repository { get; } = repository;

        /// <summary>When its first upload was added (a timestamp of the executor's clock).</summary>
        public long Started { get; } = started;

        public List<ItemResult> Items { get; } = [];

        public RequestCounter.Reservation? Reservation { get; private set; }

        public void Add(ItemResult uploaded, RequestCounter.Reservation? reservation)
        {
            Items.Add(uploaded);
            if (reservation is null)
            {
                return;
            }

            if (Reservation is null)
            {
                Reservation = reservation;
            }
            else
            {
                Reservation.Absorb(reservation);
            }
        }
    }
}
