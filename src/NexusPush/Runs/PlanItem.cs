using NexusPush.Formats;
using NexusPush.LocalFiles;

namespace NexusPush.Runs;

/// <summary>What the plan says to do with one file.</summary>
internal enum PlanAction
{
    /// <summary>Send it (after checking Nexus when <see cref="PlanItem.Remote"/> is unknown).</summary>
    Upload,

    /// <summary>Nexus already holds identical bytes at the target path.</summary>
    Skip,

    /// <summary>It cannot be uploaded: invalid package, bad target path, conflict; <see cref="PlanItem.Reason"/> says why.</summary>
    Fail,

    /// <summary>No repository is configured for its format.</summary>
    Unrouted,
}

/// <summary>What is known about the target path on Nexus when planning ends.</summary>
internal enum RemoteState
{
    /// <summary>Not asked (offline plan, or a per-file HEAD is cheaper at execution).</summary>
    Unknown,
    Absent,
    Present,
}

/// <summary>One file of the plan: where it comes from, what it is, where it goes, and what to do.</summary>
internal sealed record PlanItem
{
    /// <summary>Path on the local disk.</summary>
    public required string LocalPath { get; init; }

    /// <summary>How reports name the file: relative to the synced directory with '/', or as given to <c>upload</c>.</summary>
    public required string DisplayPath { get; init; }

    public long Length { get; init; }

    /// <summary>
    /// The file planning judged (device and inode; for a link its real target inside the tree): every later open of
    /// <see cref="LocalPath"/> must reach this file (<see cref="FileDigest.Open"/>), so a link re-pointed or a file
    /// replaced meanwhile is failed, never read as if it were the planned one. Null where unknown (nothing is checked).
    /// </summary>
    public FileIdentity? Identity { get; init; }

    public DateTime LastWriteUtc { get; init; }

    public ArtifactFormat Format { get; init; }

    public PackageInfo? Package { get; init; }

    public string? Repository { get; init; }

    /// <summary>raw and yum: the directory field sent to Nexus.</summary>
    public string? Directory { get; init; }

    /// <summary>The stored file name (raw, yum) and the multipart part's filename.</summary>
    public required string FileName { get; init; }

    /// <summary>The path Nexus will store it at (nexus-contract.md §3), or null when it cannot be predicted.</summary>
    public string? TargetPath { get; init; }

    public PlanAction Action { get; init; }

    public string? Reason { get; init; }

    /// <summary>The file claims a package format (by extension) that its content does not match.</summary>
    public bool IsInvalidPackage { get; init; }

    public RemoteState Remote { get; init; }

    /// <summary>SHA-1 Nexus reported for the target path, when <see cref="Remote"/> is Present.</summary>
    public string? RemoteSha1 { get; init; }

    /// <summary>The local hashes, when planning already had to read the file (it exists remotely).</summary>
    public FileDigest? Digest { get; init; }

    /// <summary>
    /// <see cref="Digest"/> comes from the resume journal (the file is unchanged since it landed): the comparison
    /// with Nexus uses it instead of re-reading the file, and lists the repository rather than asking per file.
    /// </summary>
    public bool FromJournal { get; init; }
}
