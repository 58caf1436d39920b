using NexusPush.Formats;
using NexusPush.Runs;

namespace NexusPush.IndexWait;

/// <summary>An uploaded .deb or .rpm whose appearance in the repository's index --wait-index waits for.</summary>
internal sealed record IndexWaitTarget(ItemResult Result)
{
    public string Repository => Result.Item.Repository!;

    public ArtifactFormat Format => Result.Item.Format;

    public PackageInfo Package => Result.Item.Package!;

    /// <summary>Stored path with a leading '/' (nexus-contract.md §3), when predicted.</summary>
    public string? TargetPath => Result.Item.TargetPath;

    public static bool Applies(ItemResult result) =>
        result.Action == ItemAction.Uploaded
        && result.Item.Format is ArtifactFormat.Apt or ArtifactFormat.Yum
        && result.Item.Package is not null
        && result.Item.Repository is not null;
}
