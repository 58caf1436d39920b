using System.CommandLine;
using NexusPush.Progress;
using NexusPush.Runs;

namespace NexusPush.Cli;

/// <summary>The options only <c>sync-dir</c> has; the shared ones come from <see cref="GlobalOptions"/>.</summary>
internal sealed class SyncDirOptions
{
    public Argument<string> Directory { get; } = new("DIR") { Description = "Directory to sync; every file below it is planned." };

    public Option<string[]> Include { get; } = new("--include")
    {
        Description = "Only files whose path relative to DIR (with '/') matches this glob (*, ?, **). Repeatable. Hidden files need an include that names them, e.g. '**/.htaccess'.",
        HelpName = "GLOB",
    };

    public Option<string[]> Exclude { get; } = new("--exclude") { Description = "Leave out files whose relative path matches this glob. Repeatable.", HelpName = "GLOB" };

    public Option<bool> FollowSymlinks { get; } = new("--follow-symlinks")
    {
        Description = "Which symbolic links to follow. By default links to files inside DIR; a link whose target lies outside DIR fails its item and is never read. "
            + "--follow-symlinks (or --follow-symlinks=inside): links to directories inside DIR too. --follow-symlinks=outside: every link, wherever it leads. A directory is never walked twice (link loops).",
    };

    /// <summary>The spellings with a value are options of their own: a bare --follow-symlinks must not swallow the DIR after it.</summary>
    public Option<bool> FollowSymlinksInside { get; } = new("--follow-symlinks=inside") { Hidden = true };

    public Option<bool> FollowSymlinksOutside { get; } = new("--follow-symlinks=outside") { Hidden = true };

    /// <summary>The per-format repository flags, declared once in <see cref="RouteOptions"/> (check uses the same).</summary>
    public RouteOptions Routes { get; } = new();

    public Option<string?> RawDirectory { get; } = new("--raw-directory") { Description = "raw: put each file's relative directory under this prefix (default: none).", HelpName = "PREFIX" };

    public Option<string?> YumDirectory { get; } = new("--yum-directory") { Description = "yum: yum.directory for every rpm (default: the rpm's relative directory).", HelpName = "DIR" };

    public Option<FileInfo?> Config { get; } = new("--config", "-c") { Description = "Routing config file (default: ./nexus-push.json when present).", HelpName = "FILE" };

    public Option<bool> DryRun { get; } = new("--dry-run", "-n") { Description = "Plan and compare with Nexus (when a URL is set), print the plan, upload nothing." };

    public Option<FileInfo?> PlanOut { get; } = new("--plan-out") { Description = "Write the plan as JSON to this file.", HelpName = "FILE" };

    public Option<bool> AllowUnrouted { get; } = new("--allow-unrouted") { Description = "Files no repository takes are listed as unrouted without failing the run (default: they make it exit 4)." };

    public Option<bool> ShowSkipped { get; } = new("--show-skipped") { Description = "List skipped files in the text report too (the summary always counts them)." };

    public Option<ProgressMode> Progress { get; } = new("--progress")
    {
        Description = "Progress on stderr: auto (the live view on an interactive terminal, plain lines under TERM=dumb or unset, CI, BUILDBOT_* or a redirected stdout/stderr), live, plain or none. [default: auto]",
        HelpName = "auto|live|plain|none",

        // No DefaultValueFactory: help would print the member name ("Auto"); Auto is the first member, the default.
    };

    public Option<bool> NoProgress { get; } = new("--no-progress") { Description = "No progress display on stderr (same as --progress none)." };

    public Option<string?> Shard { get; } = new("--shard")
    {
        Description = "Take only shard K of N of the tree (1 ≤ K ≤ N), split by a stable hash of each file's target, so N workers can share one migration; the N shards cover every file exactly once.",
        HelpName = "K/N",
    };

    public Option<bool> IgnoreUsageLimits { get; } = new("--ignore-usage-limits")
    {
        Description = "Start even when the plan adds more new components than the Community Edition allows (40,000 from 3.87).",
    };

    public Option<long?> MaxRequests { get; } = new("--max-requests")
    {
        Description = "Send at most N requests to Nexus (preflight and listings included): when the next upload would pass N, no new upload starts, the files left are reported deferred and the run exits 6; run it again (with --journal) to continue. For Community Edition's 100,000 requests a day.",
        HelpName = "N",
        Validators =
        {
            result =>
            {
                if (result.Tokens.Count > 0 && long.TryParse(result.Tokens[^1].Value, System.Globalization.CultureInfo.InvariantCulture, out var value) && value < 1)
                {
                    result.AddError("--max-requests must be at least 1.");
                }
            },
        },
    };

    public IEnumerable<Symbol> All =>
        new Symbol[] { Directory, Include, Exclude, FollowSymlinks, FollowSymlinksInside, FollowSymlinksOutside }
            .Concat(Routes.All)
            .Concat([RawDirectory, YumDirectory, Config, DryRun, PlanOut, AllowUnrouted, ShowSkipped, Progress, NoProgress, Shard, IgnoreUsageLimits, MaxRequests]);
}

/// <summary>How far <c>--follow-symlinks</c> lets the scan follow links.</summary>
internal enum SymlinkScope
{
    /// <summary>The default: links to files inside the tree.</summary>
    Files,

    /// <summary><c>--follow-symlinks</c> or <c>--follow-symlinks=inside</c>: links to files and directories inside the tree.</summary>
    Inside,

    /// <summary><c>--follow-symlinks=outside</c>: every link.</summary>
    Outside,
}
