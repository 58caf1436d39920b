using System.Diagnostics;

namespace NexusPush.Runs;

/// <summary>Running totals of a run; the exit code is computed from them and nowhere else, so no two places can disagree on it.</summary>
internal sealed class RunSummary
{
    private readonly long _started = Stopwatch.GetTimestamp();
    private readonly Dictionary<ItemAction, int> _counts = Enum.GetValues<ItemAction>().ToDictionary(a => a, _ => 0);

    public int Count(ItemAction action) => _counts[action];

    public int Files => _counts.Values.Sum();

    public int Invalid { get; private set; }

    /// <summary>Bytes sent to Nexus by successful uploads.</summary>
    public long BytesUploaded { get; private set; }

    public TimeSpan Elapsed => Stopwatch.GetElapsedTime(_started);

    /// <summary>Set when an error stopped the whole run (credentials, unknown repository): its exit code wins.</summary>
    public NexusPushException? FatalError { get; set; }

    public bool Cancelled { get; set; }

    /// <summary>The run's request counts (what its NexusClient sent, by kind); null for a run that never talked to Nexus.</summary>
    public Nexus.RequestCounter? Requests { get; set; }

    /// <summary><c>--max-requests</c> stopped new uploads: the files left are <see cref="ItemAction.Deferred"/> (exit 6).</summary>
    public bool StoppedAtMaxRequests { get; set; }

    /// <summary>What the scan left out (hidden files), for sync-dir; null for verbs that do not scan.</summary>
    public ScanTally? LeftOut { get; init; }

    /// <summary><c>--allow-unrouted</c>: files no repository takes are listed but do not fail the run.</summary>
    public bool UnroutedAllowed { get; init; }

    /// <summary>Unrouted files that make the run fail (all of them, unless <see cref="UnroutedAllowed"/>).</summary>
    public int UnroutedFailing => UnroutedAllowed ? 0 : Count(ItemAction.Unrouted);

    /// <summary>
    /// Nexus's usage-limit refusal ("PAYMENT REQUIRED"), once it came: the run sent no upload after it, and the
    /// files not yet stored went to the fallback folder or failed.
    /// </summary>
    public Nexus.NexusRequestException? UsageLimitRefusal { get; set; }

    /// <summary>What a Nexus with usage limits would take from this run, when the preflight found such a Nexus.</summary>
    public UsageEstimate? Usage { get; set; }

    /// <summary><c>--shard K/N</c>: the part of the tree this run took.</summary>
    public Shard? Shard { get; init; }

    /// <summary>The first report, journal, plan or progress writer that failed (a full disk): the run stopped early, exit 4.</summary>
    public OutputFailedException? OutputFailure { get; private set; }

    /// <summary>Keeps the first failure; later ones are usually the same full disk.</summary>
    public void RecordOutputFailure(OutputFailedException failure)
    {
        lock (_counts)
        {
            OutputFailure ??= failure;
        }
    }

    public void Add(ItemResult result)
    {
        _counts[result.Action]++;
        if (result.IsInvalidPackage)
        {
            Invalid++;
        }

        if (result.Action == ItemAction.Uploaded)
        {
            BytesUploaded += result.Item.Length;
        }
    }

    /// <summary>A counted item got a later verdict (--wait-index turns "uploaded" into "failed"); its bytes still went out.</summary>
    public void Revise(ItemResult counted, ItemResult revised)
    {
        _counts[counted.Action]--;
        _counts[revised.Action]++;
    }

    /// <summary>What stopped or failed the run as a whole, for the report's <c>error</c>; null when only items failed (each says why).</summary>
    public string? Error =>
        Cancelled ? "cancelled"
        : FatalError?.Message ?? OutputFailure?.Message ?? UsageLimitRefusal?.Message
        ?? (Count(ItemAction.Deferred) > 0 && Count(ItemAction.Failed) == 0 && UnroutedFailing == 0 ? $"stopped at --max-requests; run again to continue ({Count(ItemAction.Deferred)} deferred)" : null)
        ?? (UnroutedFailing > 0 ? $"{UnroutedFailing} unrouted (no repository for their format); route them or pass --allow-unrouted" : null);

    /// <summary>
    /// 130 cancelled, else a fatal error's code, else 4 when an output could not be written, any item failed or a
    /// file was unrouted (a forgotten repository flag must not pass as a green build), 6 when <c>--max-requests</c>
    /// deferred files to the next run, 5 when any went to the fallback folder, else 0 (4 wins over 6, 6 over 5: the
    /// next run of the same command is what a deferred file needs).
    /// </summary>
    public int ExitCode =>
        Cancelled ? ExitCodes.Cancelled
        : FatalError is not null ? FatalError.ExitCode
        : OutputFailure is not null || Count(ItemAction.Failed) > 0 || UnroutedFailing > 0 ? ExitCodes.ItemsFailed
        : Count(ItemAction.Deferred) > 0 ? ExitCodes.Deferred
        : Count(ItemAction.Fallback) > 0 ? ExitCodes.SavedToFallback
        : ExitCodes.Success;
}
