using NexusPush.Formats;

namespace NexusPush.Configuration;

/// <summary>What a matching rule does with a file.</summary>
internal enum RuleAction
{
    Upload,

    /// <summary>Leave the file out; it is still listed (skipped, with the rule named) so the report accounts for it.</summary>
    Ignore,
}

/// <summary>
/// One entry of the config file's ordered <c>rules</c>: the first rule whose <see cref="Match"/> fits a file's
/// relative path decides its repository, directory, format and action. Unset fields fall back to the defaults.
/// </summary>
internal sealed record RoutingRule
{
    public required PathPattern Match { get; init; }

    /// <summary>Target repository; null = the default repository of the file's format.</summary>
    public string? Repository { get; init; }

    /// <summary>raw and yum directory; null = the default (relative directory, under --raw-directory for raw). Other formats' paths come from package metadata, so it does not apply to them.</summary>
    public DirectoryTemplate? Directory { get; init; }

    /// <summary>Upload as this format instead of the detected one (<c>raw</c> uploads anything as a plain file).</summary>
    public ArtifactFormat? Format { get; init; }

    public RuleAction Action { get; init; } = RuleAction.Upload;

    /// <summary>Line of the rule in the config file, so reports can say which rule decided.</summary>
    public int Line { get; init; }

    public string Describe(string? source) => $"rule \"{Match.Text}\" ({(source is null ? string.Empty : Path.GetFileName(source) + " ")}line {Line})";
}
