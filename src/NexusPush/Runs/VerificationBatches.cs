namespace NexusPush.Runs;

/// <summary>
/// How uploads are verified in batches through the asset listing, in numbers: the executor's listing verifier holds
/// uploads by them, and the usage estimate counts the requests they cost before the run starts.
/// </summary>
internal static class VerificationBatches
{
    /// <summary>
    /// Up to this many uploads, a HEAD each: 8 HEADs cost what reading a repository of up to 700 assets does (8 pages
    /// of 100), and a smaller batch is rarely worth holding back. From 9 on the listing is cheaper in any repository
    /// whose batch is at least a tenth of what it already holds — which <see cref="BatchSize"/> arranges.
    /// </summary>
    public const int HeadLimit = 8;

    /// <summary>Reads of the listing for one batch: the first, and one more for paths it did not show.</summary>
    public const int Reads = 2;

    /// <summary>
    /// Uploads held before a repository's batch is verified, whatever the repository's size: 2,000 new files into an
    /// empty repository cost 11 + 21 listing pages (≤ 1.02 requests per file with the uploads); into a repository
    /// larger than 100 × this, a whole read costs more than a HEAD each, and <see cref="ByHead"/> takes the HEADs.
    /// </summary>
    public const int BatchSize = 1000;

    /// <summary>
    /// A batch whose first upload has waited this long is verified even when it is not full, so an upload's result
    /// and journal line follow it within about this long (plus a <see cref="Tick"/>) even when uploads are slow. A run
    /// that uploads more than <see cref="BatchSize"/> files per this time (67 a second) fills its batches first and
    /// pays one read per <see cref="BatchSize"/> uploads; a slower one at most a read per batch of this age.
    /// </summary>
    public static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(15);

    /// <summary>How often the executor looks for batches that have waited <see cref="MaxWait"/>.</summary>
    public static readonly TimeSpan Tick = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Whether a batch is verified with a HEAD each rather than through the listing: up to <see cref="HeadLimit"/>
    /// uploads, and whenever a whole read of the repository (<paramref name="pages"/>; nothing promises the order,
    /// so a read may go to the end) would cost as much as the HEADs or more — a few uploads into a large repository.
    /// </summary>
    public static bool ByHead(int uploads, long pages) => uploads <= HeadLimit || pages >= uploads;

    /// <summary>
    /// What verifying <paramref name="uploads"/> uploads into a repository holding <paramref name="assets"/> assets
    /// costs, batch by batch as the verifier holds them (<see cref="BatchSize"/> each): a HEAD each or one whole read
    /// of the repository, whichever <see cref="ByHead"/> picks. The re-read of a path the first read missed is not
    /// counted: it happens only when something is wrong. A slow run whose clock ticks (<see cref="MaxWait"/>) makes
    /// smaller batches; each still costs at most a HEAD per upload.
    /// </summary>
    public static long RequestsToVerify(int uploads, long assets, int pageSize = 100)
    {
        long requests = 0;
        var held = assets;
        for (var left = uploads; left > 0;)
        {
            var batch = Math.Min(left, BatchSize);
            held += batch;
            left -= batch;
            var pages = (held / pageSize) + 1;
            requests += ByHead(batch, pages) ? batch : pages;
        }

        return requests;
    }
}
