namespace NexusPush.Formats;

/// <summary>
/// The result of looking inside a file: its format and package metadata, or why it claims a package format
/// (by its extension) without being a valid package of that format.
/// </summary>
internal sealed record Detection(ArtifactFormat Format, PackageInfo? Package, string? InvalidReason)
{
    public bool IsInvalid => InvalidReason is not null;

    public static Detection Raw { get; } = new(ArtifactFormat.Raw, null, null);

    public static Detection Valid(ArtifactFormat format, PackageInfo package) => new(format, package, null);

    /// <summary>The file's extension claims <paramref name="claimed"/> but its content does not match.</summary>
    public static Detection Invalid(ArtifactFormat claimed, string reason) => new(claimed, null, reason);
}
