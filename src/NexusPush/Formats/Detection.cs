namespace NexusPush.Formats;

/// <summary>
/// The result of looking inside a file: its format and package metadata, or why it claims a package format
/// (by its extension) without being a valid package of that format.
/// </summary>
internal sealed record Detection(ArtifactFormat Format, PackageInfo? Package, string? InvalidReason)
{
    public bool IsInvalid => InvalidReason is not null;

    /// <summary>What the file claimed to be, in messages ("not a valid {Claimed}: …"): the format's package, unless a reader said otherwise.</summary>
    public string Claimed => ClaimedAs ?? $"{Format.NexusId()} package";

    /// <summary>Set when the claim is no package format, e.g. "gzip tarball (.tgz)" for a broken raw tarball.</summary>
    private string? ClaimedAs { get; init; }

    public static Detection Raw { get; } = new(ArtifactFormat.Raw, null, null);

    public static Detection Valid(ArtifactFormat format, PackageInfo package) => new(format, package, null);

    /// <summary>
    /// The file's extension (or content) claims <paramref name="claimed"/> but it is not a valid package of it.
    /// Reasons may quote names read from inside the file: control characters are replaced so that they can never
    /// reach a terminal, log or report.
    /// </summary>
    public static Detection Invalid(ArtifactFormat claimed, string reason) =>
        new(claimed, null, string.Concat(reason.Select(c => char.IsControl(c) ? '?' : c)));

    /// <summary>Invalid as <paramref name="claim"/>, a file kind that is no package format (<see cref="Claimed"/>).</summary>
    public static Detection Invalid(ArtifactFormat format, string reason, string claim) => Invalid(format, reason) with { ClaimedAs = claim };
}
