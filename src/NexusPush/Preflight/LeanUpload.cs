using NexusPush.Runs;

namespace NexusPush.Preflight;

/// <summary>
/// <c>upload</c> of a few files takes the lean path: for one artifact per build step the preflight's requests cost
/// more than the upload. Up front it sends only what can change what happens (<c>/v1/status</c>, and the EULA on a
/// Community Edition: see <see cref="NexusPreflight.RunAsync"/>); writability, the repository's kind and format and
/// read access are proven by the upload's own answers: 403 on the HEAD or the POST (the same sentence and exit 3), a
/// missing repository (404) or one of the wrong kind or format (400), a read-only Nexus (503, retried). When
/// anything failed, the full preflight runs then (RunChecks.ExplainFailuresAsync in the command line layer), so the
/// run ends with the very sentence and exit code a thorough run stops with. <c>check</c>, <c>sync-dir</c>,
/// <c>replay</c>, a dry run and larger uploads stay thorough.
/// </summary>
internal static class LeanUpload
{
    /// <summary>Up to this many files the preflight costs more than it saves; beyond, one wrong repository would fail many uploads.</summary>
    public const int MaxFiles = 3;

    /// <summary>The preflight line of each check the lean path leaves out.</summary>
    public const string LeftOut = "left out for a few files: the upload's own answer proves it, and a failure runs this check then.";

    /// <summary>What <c>-v</c> says about the requests the lean path sends.</summary>
    public const string WhyRequests =
        "Lean upload (a few files): GET /service/rest/v1/status first (no answer trips the breaker at once; a refused login stops before anything else is sent); "
        + "then per file a HEAD of the target path (what Nexus holds there decides upload, identical or conflict: --on-conflict), "
        + "the upload, and a HEAD whose checksum verifies what Nexus stored. A failure runs the rest of the preflight to say why.";

    public static bool Applies(IEnumerable<PlanItem> plan) => plan.Count(i => i.Action == PlanAction.Upload) is > 0 and <= MaxFiles;
}
