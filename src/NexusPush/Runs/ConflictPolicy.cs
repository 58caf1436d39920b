namespace NexusPush.Runs;

/// <summary>What to do when the target path holds different bytes (<c>--on-conflict</c>).</summary>
internal enum ConflictPolicy
{
    /// <summary>The item fails; the reason names both checksums. The default: never replace a release silently.</summary>
    Fail,

    /// <summary>Leave Nexus's copy and report the item skipped.</summary>
    Skip,

    /// <summary>Upload anyway; only an ALLOW repository accepts it, others answer with their write-policy refusal.</summary>
    Overwrite,
}
