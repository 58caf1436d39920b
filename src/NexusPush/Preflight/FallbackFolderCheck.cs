namespace NexusPush.Preflight;

/// <summary>
/// The preflight line for <c>--fallback-dir</c>: can a file be written there? Found out before the run, not when Nexus
/// is already gone and every file would fail on the copy instead of being saved. While Nexus answers it is a warning
/// (the folder may never be needed); when Nexus is unavailable the folder is the run's only way out, and a folder
/// that cannot take a file stops the run (exit 2) instead of failing every file after all retries.
/// </summary>
internal static class FallbackFolderCheck
{
    public const string Name = "fallback-dir";

    /// <param name="folder">The <c>--fallback-dir</c> value.</param>
    /// <param name="preflight">The checks so far: an unavailable Nexus (unreachable, 5xx, read-only) makes the folder needed now.</param>
    public static PreflightCheck Run(string folder, PreflightResult preflight)
    {
        var full = Path.GetFullPath(folder);
        if (ProblemWriting(full) is not { } problem)
        {
            return PreflightCheck.Ok(Name, $"{full} is writable.");
        }

        var detail = $"cannot write to the fallback folder {full} ({problem.TrimEnd('.')})";
        return preflight.Failures.Any(c => c.Problem == PreflightProblem.Unavailable)
            ? PreflightCheck.Fail(Name, PreflightProblem.Configuration, $"{detail} while Nexus is unavailable: no file could be uploaded or saved; fix the folder or choose another --fallback-dir.")
            : PreflightCheck.Warn(Name, $"{detail}; should Nexus become unreachable, files would fail instead of being saved.");
    }

    /// <summary>
    /// Writes, flushes and deletes a probe file, creating the folder for it when missing and removing what it created,
    /// so the check leaves the disk as it found it. Null when that works, else the system's reason.
    /// </summary>
    private static string? ProblemWriting(string folder)
    {
        var created = new List<string>();
        for (var dir = folder; dir is not null && !Directory.Exists(dir) && !File.Exists(dir); dir = Path.GetDirectoryName(dir))
        {
            created.Add(dir);
        }

        try
        {
            Directory.CreateDirectory(folder);
            var probe = Path.Combine(folder, $".nexus-push-probe-{Guid.NewGuid():N}");
            using var stream = new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose);
            stream.WriteByte(0);
            stream.Flush(flushToDisk: true);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return e.Message;
        }
        finally
        {
            foreach (var dir in created)
            {
                try
                {
                    Directory.Delete(dir);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    // Not created after all, or no longer empty: leave it.
                }
            }
        }
    }
}
