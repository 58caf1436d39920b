using NexusPush.Formats;
using NexusPush.LocalFiles;
using NexusPush.Runs;

namespace NexusPush.Planning;

/// <summary>What <c>nexus-push upload</c> was asked to do.</summary>
internal sealed record UploadRequestOptions(IReadOnlyList<string> Files, string Repository, ArtifactFormat? Format, string? Directory, string? Name);

/// <summary>
/// Plans <c>upload</c>: every file must exist and be what it claims, before anything is sent (plan first, then
/// execute). Any problem is a usage error naming the file (exit 2).
/// </summary>
internal static class UploadPlanner
{
    public static List<PlanItem> Plan(UploadRequestOptions request)
    {
        if (request.Name is not null && request.Files.Count > 1)
        {
            throw new UsageException("--name renames a single file; it cannot be used with several files.");
        }

        if (request.Name is not null && (request.Name.Contains('/', StringComparison.Ordinal) || request.Name.Contains('\\', StringComparison.Ordinal) || request.Name.Trim() is "" or "." or ".."))
        {
            throw new UsageException($"--name '{request.Name}' must be a plain file name, without '/' or '\\'.");
        }

        if (NexusPaths.ProblemWithDirectory(request.Directory) is { } problem)
        {
            throw new UsageException($"--directory {problem}.");
        }

        return request.Files.Select(file => PlanOne(file, request)).ToList();
    }

    private static PlanItem PlanOne(string file, UploadRequestOptions request)
    {
        var info = LocalFile.Inspect(file);
        var detection = request.Format == ArtifactFormat.Raw ? Detection.Raw : FormatDetector.Detect(info.FullName);
        if (detection.IsInvalid)
        {
            throw new UsageException($"{file} is not a valid {detection.Claimed}: {detection.InvalidReason}; use --format raw to upload it as a plain file.");
        }

        if (request.Format is { } forced && forced != detection.Format)
        {
            var advice = detection.Format == ArtifactFormat.Raw ? "--format raw" : $"--format {detection.Format.NexusId()} or --format raw";
            throw new UsageException($"{file} is a {Describe(detection)}, not a package of format '{forced.NexusId()}'; use {advice}.");
        }

        var format = detection.Format;
        var fileName = request.Name ?? info.Name;
        var directory = format is ArtifactFormat.Raw ? request.Directory ?? "/" : format is ArtifactFormat.Yum ? request.Directory : null;
        return new PlanItem
        {
            LocalPath = info.FullName,
            DisplayPath = file,
            Length = LocalFile.Content(info).Length,
            LastWriteUtc = LocalFile.Content(info).LastWriteTimeUtc,
            Identity = FileIdentity.Of(info.FullName),
            Format = format,
            Package = detection.Package,
            Repository = request.Repository,
            Directory = directory,
            FileName = fileName,
            TargetPath = NexusPaths.Predict(format, detection.Package, fileName, directory),
            Action = PlanAction.Upload,
        };
    }

    private static string Describe(Detection detection) =>
        detection.Format == ArtifactFormat.Raw ? "plain file" : $"{detection.Format.NexusId()} package";
}
