namespace NexusPush.Runs;

/// <summary>What happened to one file; the report's <c>action</c> field, spelled in lower case.</summary>
internal enum ItemAction
{
    Uploaded,
    Skipped,
    Failed,
    Fallback,
    Unrouted,
    Planned,

    /// <summary>Not done in this run because it would pass <c>--max-requests</c>; the next run does it.</summary>
    Deferred,
}
