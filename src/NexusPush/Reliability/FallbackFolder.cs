using NexusPush.Execution;
using NexusPush.Formats;
using NexusPush.Nexus;
using NexusPush.Planning;

namespace NexusPush.Reliability;

/// <summary>
/// <c>--fallback-dir DIR</c>: the "good old NFS share" of the seed. The file is copied under its relative path
/// (sync-dir) or its file name (upload), written to a temporary name, flushed and renamed when complete, then a
/// manifest line is appended so <c>nexus-push replay DIR</c> can send it where it was meant to go.
/// </summary>
internal sealed class FallbackFolder(string folder, bool keepRelativePaths, TimeProvider time) : IFallback
{
    private const int BufferSize = 1 << 17;
    private readonly FallbackManifest _manifest = new(folder);
    private readonly Lock _names = new();

    public string Folder { get; } = Path.GetFullPath(folder);

    /// <summary>Opens the temporary copy for writing; tests swap it to simulate a full disk.</summary>
    internal Func<string, Stream> OpenWrite { get; init; } = path => new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, BufferSize);

    public async Task<ItemResult> SaveAsync(PlanItem item, NexusRequestException error, CancellationToken cancellationToken)
    {
        string? temporary = null;
        try
        {
            Directory.CreateDirectory(Folder);
            var relative = RelativePathFor(item);
            var destination = Path.Combine(Folder, relative.Replace('/', Path.DirectorySeparatorChar));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            temporary = Path.Combine(Path.GetDirectoryName(destination)!, $".{Path.GetFileName(destination)}.{Guid.NewGuid():N}.partial");

            var digest = await CopyAsync(item.LocalPath, temporary, cancellationToken);
            relative = Claim(ref destination, temporary, digest);
            temporary = null;

            _manifest.Append(new FallbackEntry(
                relative, item.Repository ?? string.Empty, item.Format.NexusId(), item.TargetPath, item.Directory, item.FileName,
                digest.Sha256, digest.Sha1, digest.Length, item.LocalPath, error.Message, time.GetUtcNow()));
            return new ItemResult(item, ItemAction.Fallback, $"{error.Message} Saved to {destination} for 'nexus-push replay'.", digest.Sha256);
        }
        catch (OperationCanceledException)
        {
            TryDelete(temporary);
            throw;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryDelete(temporary);
            return new ItemResult(item, ItemAction.Failed, $"{error.Message} The copy to the fallback folder {Folder} failed too ({e.Message}); the file is still at {item.LocalPath}.");
        }
    }

    /// <summary>The copy's path inside the folder, with '/': never absolute, never climbing out with "..".</summary>
    private string RelativePathFor(PlanItem item)
    {
        var display = item.DisplayPath.Replace('\\', '/');
        var segments = display.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var safe = keepRelativePaths && !Path.IsPathRooted(item.DisplayPath) && segments.Length > 0 && segments.All(s => s is not "." and not "..");
        return safe ? string.Join('/', segments) : Path.GetFileName(item.LocalPath);
    }

    /// <summary>Renames the complete copy to its final name; an existing different file there gets a numbered sibling, an identical one is kept.</summary>
    private string Claim(ref string destination, string temporary, FileDigest digest)
    {
        lock (_names)
        {
            var candidate = destination;
            for (var n = 1; File.Exists(candidate); n++)
            {
                if (new FileInfo(candidate).Length == digest.Length && FileDigest.ComputeAsync(candidate, CancellationToken.None).GetAwaiter().GetResult().Sha256 == digest.Sha256)
                {
                    File.Delete(temporary);
                    destination = candidate;
                    return Path.GetRelativePath(Folder, candidate).Replace('\\', '/');
                }

                candidate = Path.Combine(Path.GetDirectoryName(destination)!, $"{Path.GetFileNameWithoutExtension(destination)}.{n}{Path.GetExtension(destination)}");
            }

            File.Move(temporary, candidate);
            destination = candidate;
            return Path.GetRelativePath(Folder, candidate).Replace('\\', '/');
        }
    }

    private async Task<FileDigest> CopyAsync(string source, string target, CancellationToken cancellationToken)
    {
        await using var output = OpenWrite(target);
        var digest = await FileDigest.ReadAsync(source, FileReadPurpose.FallbackCopy, BufferSize, chunk => output.WriteAsync(chunk, cancellationToken), cancellationToken);
        await output.FlushAsync(cancellationToken);
        if (output is FileStream file)
        {
            file.Flush(flushToDisk: true); // survive a power cut before the rename makes the copy visible
        }

        return digest;
    }

    private static void TryDelete(string? path)
    {
        if (path is null)
        {
            return;
        }

        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A leftover ".partial" file is ignored by replay.
        }
    }
}
