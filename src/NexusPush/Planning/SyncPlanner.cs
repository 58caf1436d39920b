using NexusPush.Configuration;
using NexusPush.Formats;
using NexusPush.Runs;

namespace NexusPush.Planning;

/// <summary>
/// Turns scanned files into plan items, one per file and lazily: classify (content-aware detection), route (rules,
/// then per-format repositories), compute the target directory and path. Never talks to Nexus and never throws for
/// one file: whatever is wrong with a file becomes a <see cref="PlanAction.Fail"/> or
/// <see cref="PlanAction.Unrouted"/> item that says why.
/// </summary>
/// <param name="routing">Repositories and rules.</param>
/// <param name="detect">The classifier; <see cref="FormatDetector.Detect"/> unless a test substitutes one.</param>
internal sealed class SyncPlanner(SyncRouting routing, Func<string, Detection>? detect = null)
{
    private readonly Func<string, Detection> _detect = detect ?? FormatDetector.Detect;

    /// <summary>Every entry becomes one item; a second file bound for an already planned target path is caught here (<see cref="DuplicateTargets"/>).</summary>
    public IEnumerable<PlanItem> Plan(IEnumerable<ScanEntry> entries)
    {
        var duplicates = new DuplicateTargets();
        return entries.Select(entry => duplicates.Check(PlanOne(entry)));
    }

    public PlanItem PlanOne(ScanEntry entry)
    {
        var item = new PlanItem
        {
            LocalPath = entry.FullPath,
            DisplayPath = entry.RelativePath,
            Length = entry.Length,
            LastWriteUtc = entry.LastWriteUtc,
            Identity = entry.Identity,
            FileName = entry.FileName,
            Format = ArtifactFormat.Raw,
        };
        if (entry.Problem is not null)
        {
            return Fail(item, entry.Problem);
        }

        var matched = routing.FirstRule(entry.RelativePath);
        var rule = matched?.Rule;
        if (rule?.Action == RuleAction.Ignore)
        {
            return item with { Action = PlanAction.Skip, Reason = $"ignored by {rule.Describe(routing.ConfigSource)}" };
        }

        if (Classify(entry, rule) is var (detection, problem) && problem is not null)
        {
            return Fail(item with { Format = detection?.Format ?? ArtifactFormat.Raw, IsInvalidPackage = detection?.IsInvalid == true }, problem);
        }

        var format = detection!.Format;
        item = item with { Format = format, Package = detection.Package };
        var repository = rule?.Repository ?? routing.Repositories.GetValueOrDefault(format);
        if (repository is null)
        {
            return item with { Action = PlanAction.Unrouted, Reason = $"no repository for {format.NexusId()} files; pass {FormatFacts.Of(format).RoutingOption} or add a rule to the config file" };
        }

        return Route(item with { Repository = repository }, entry, rule, matched?.Segments);
    }

    private (Detection? Detection, string? Problem) Classify(ScanEntry entry, RoutingRule? rule)
    {
        Detection detection;
        try
        {
            // One open proves the file readable now, for raw files too (detection may not open them).
            using (File.OpenHandle(entry.FullPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite))
            {
            }

            detection = rule?.Format == ArtifactFormat.Raw ? Detection.Raw : _detect(entry.FullPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return (null, $"cannot read: {e.Message}");
        }

        if (detection.IsInvalid)
        {
            return (detection, $"not a valid {detection.Claimed}: {detection.InvalidReason}; to upload it as a plain file, add a rule with \"format\": \"raw\"");
        }

        if (rule?.Format is { } forced && forced != detection.Format)
        {
            return (detection, $"{rule.Describe(null)} says {forced.NexusId()}, but the file is a {(detection.Format == ArtifactFormat.Raw ? "plain file" : detection.Format.NexusId() + " package")}");
        }

        return (detection, null);
    }

    private PlanItem Route(PlanItem item, ScanEntry entry, RoutingRule? rule, IReadOnlyDictionary<string, string>? segments)
    {
        var format = item.Format;
        // A rule's directory is for raw and yum files; apt, pypi, npm, nuget and helm paths come from the package
        // metadata (nexus-contract.md §3), so a catch-all rule like "{product}/{version}/**" can still route them.
        var takesDirectory = format is ArtifactFormat.Raw or ArtifactFormat.Yum;
        string? directory = null;
        if (takesDirectory)
        {
            directory = rule?.Directory?.Expand(entry.RelativeDirectory, entry.FileName, segments!)
                ?? (format == ArtifactFormat.Raw ? JoinDirectory(routing.RawDirectory, entry.RelativeDirectory) : routing.YumDirectory ?? entry.RelativeDirectory);
            if (NexusPaths.ProblemWithDirectory(directory) is { } problem)
            {
                return Fail(item with { Directory = directory }, $"target directory {problem}");
            }

            directory = format == ArtifactFormat.Raw && directory.Trim('/').Length == 0 ? "/" : directory;
        }

        if (ProblemWithFileName(item.FileName) is { } nameProblem)
        {
            return Fail(item with { Directory = directory }, nameProblem);
        }

        return item with
        {
            Directory = directory,
            TargetPath = NexusPaths.Predict(format, item.Package, item.FileName, directory),
            Action = PlanAction.Upload,
        };
    }

    private static string JoinDirectory(string? prefix, string relativeDirectory) =>
        string.IsNullOrEmpty(prefix) ? relativeDirectory : prefix.TrimEnd('/') + "/" + relativeDirectory;

    /// <summary>A '\' is no separator to Nexus (nexus-contract.md §3 raw): it would become part of a stored file name; refuse it rather than guess.</summary>
    private static string? ProblemWithFileName(string fileName) =>
        fileName.Contains('\\', StringComparison.Ordinal) ? $"the file name '{fileName}' contains a backslash, which Nexus paths must not contain; rename it"
        : fileName.Any(char.IsControl) ? "the file name contains a control character; rename it"
        : null;

    private static PlanItem Fail(PlanItem item, string reason) => item with { Action = PlanAction.Fail, Reason = reason };
}
