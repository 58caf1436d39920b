using NexusPush.Formats;
using NexusPush.Runs;

namespace NexusPush.IndexWait;

/// <summary>
/// A .deb or .rpm whose appearance in the repository's index --wait-index waits for: one uploaded now, and one
/// skipped because Nexus already holds it — stored is not indexed either (an earlier run may have stopped before
/// Nexus rebuilt the index, or the rebuild failed in Nexus), so a re-run that uploads nothing still checks the index.
/// </summary>
internal sealed record IndexWaitTarget(ItemResult Result)
{
    public string Repository => Result.Item.Repository!;

    /// <summary>Already stored before this run (skipped), not uploaded by it.</summary>
    public bool WasStored => Result.Action == ItemAction.Skipped;

    public ArtifactFormat Format => Result.Item.Format;

    public PackageInfo Package => Result.Item.Package!;

    /// <summary>Stored path with a leading '/' (nexus-contract.md §3), when predicted.</summary>
    public string? TargetPath => Result.Item.TargetPath;

    public static bool Applies(ItemResult result) =>
        result.Action is ItemAction.Uploaded or ItemAction.Skipped
        && result.Item.Format is ArtifactFormat.Apt or ArtifactFormat.Yum
        && result.Item.Package is not null
        && result.Item.Repository is not null;
}
