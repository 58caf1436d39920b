using System.Globalization;

namespace NexusPush.Cli;

/// <summary>The "Exit codes:" part of each verb's --help, written from <see cref="ExitCodes"/> in one place.</summary>
internal static class ExitCodeHelp
{
    private static readonly Dictionary<int, string> Shared = new()
    {
        [ExitCodes.InternalError] = "internal error (a bug; -v shows the details)",
        [ExitCodes.Usage] = "bad arguments or configuration (nothing was sent)",
        [ExitCodes.AuthRefused] = "Nexus refused the credentials or the permissions",
        [ExitCodes.ItemsFailed] = "at least one file failed; the report says which and why",
        [ExitCodes.SavedToFallback] = "Nexus stayed unreachable; files were saved to --fallback-dir, nothing else failed",
        [ExitCodes.Deferred] = "stopped at --max-requests; the files left are deferred: run again to continue",
        [ExitCodes.Cancelled] = "interrupted (Ctrl-C or SIGTERM); the report lists every file that had a result, the rest not attempted",
    };

    public static string UploadingVerbs { get; } = Text(
        "every file is in Nexus, verified by its checksum, or already was (--dry-run: the plan has no problem)",
        ExitCodes.Usage, ExitCodes.AuthRefused, ExitCodes.ItemsFailed, ExitCodes.SavedToFallback, ExitCodes.Cancelled, ExitCodes.InternalError);

    public static string SyncDir { get; } = Text(
        "every file is in Nexus, verified by its checksum, or already was, and none is unrouted (--dry-run: the plan has no problem)",
        ExitCodes.Usage, ExitCodes.AuthRefused, ExitCodes.ItemsFailed, ExitCodes.SavedToFallback, ExitCodes.Deferred, ExitCodes.Cancelled, ExitCodes.InternalError);

    public static string Replay { get; } = Text(
        "the folder holds nothing more to send",
        ExitCodes.Usage, ExitCodes.AuthRefused, ExitCodes.ItemsFailed, ExitCodes.Cancelled, ExitCodes.InternalError);

    public static string Check { get; } = Text(
        "every check passed",
        ExitCodes.Usage, ExitCodes.AuthRefused, ExitCodes.InternalError);

    private static string Text(string success, params int[] codes)
    {
        var lines = new[] { (ExitCodes.Success, success) }.Concat(codes.Select(code => (code, Shared[code])));
        return "\nExit codes:\n" + string.Join("\n", lines.Select(line => string.Create(CultureInfo.InvariantCulture, $"  {line.Item1,-4} {line.Item2}")));
    }
}
