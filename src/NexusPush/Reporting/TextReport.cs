using System.Globalization;
using NexusPush.Runs;

namespace NexusPush.Reporting;

/// <summary>
/// The human report on stdout: one line per item that did something or failed (skipped ones too when
/// <paramref name="showSkipped"/>), then one summary line. Control characters in names are escaped (<see cref="ControlChars"/>).
/// </summary>
internal sealed class TextReport(TextWriter output, bool showSkipped) : IRunObserver
{
    public void ItemFinished(ItemResult result)
    {
        if (result.Action == ItemAction.Skipped && !showSkipped)
        {
            return;
        }

        var item = result.Item;
        var target = item.Repository is null ? string.Empty : $" -> {item.Repository}{item.TargetPath ?? " (path chosen by Nexus)"}";
        var line = $"{ReportNames.Of(result.Action),-9} {item.DisplayPath}{target}";
        if (ShownReason(result) is { } reason)
        {
            line += $" ({reason})";
        }

        output.WriteLine(ControlChars.Escape(line));
    }

    /// <summary>
    /// The reason as the item's line shows it. When Nexus was declared unreachable, every remaining file shares that
    /// cause; it was stated once on stderr, and repeating its 200 characters on each line buries the file names. The
    /// line keeps what is the file's own (where it was saved, or why the copy failed); the JSON report keeps the full reason.
    /// </summary>
    private static string? ShownReason(ItemResult result) => result switch
    {
        { RunWideCause: null } => result.Reason,
        { FallbackPath: { } saved } => $"saved to {saved}",
        { FallbackCopyFailure: { } copyFailed } => $"{result.RunWideCause}, see above; {copyFailed}",
        _ => $"{result.RunWideCause}, see above",
    };

    public void RunFinished(RunSummary summary)
    {
        var seconds = Math.Max(summary.Elapsed.TotalSeconds, 0.001);
        var counts = string.Join(", ", Enum.GetValues<ItemAction>()
            .Where(a => summary.Count(a) > 0 || a is ItemAction.Uploaded or ItemAction.Skipped or ItemAction.Failed)
            .Select(a => $"{summary.Count(a)} {ReportNames.Of(a)}"));
        if (summary.Invalid > 0)
        {
            counts += $" ({summary.Invalid} invalid)";
        }

        var transfer = summary.BytesUploaded == 0
            ? string.Create(CultureInfo.InvariantCulture, $"nothing uploaded ({seconds:0.0} s)")
            : string.Create(CultureInfo.InvariantCulture, $"{FormatBytes(summary.BytesUploaded)} uploaded in {seconds:0.0} s ({FormatBytes((long)(summary.BytesUploaded / seconds))}/s)");
        output.WriteLine($"{Plural(summary.Files, "file")}: {counts}; {transfer}");
        if (RequestsLine(summary.Requests) is { } requests)
        {
            output.WriteLine(requests);
        }

        if (summary.StoppedAtMaxRequests)
        {
            output.WriteLine("stopped at --max-requests; run again to continue");
        }

        if (HiddenLine(summary.LeftOut) is { } hidden)
        {
            output.WriteLine(hidden);
        }

        if (summary.Shard is { } shard)
        {
            output.WriteLine($"shard {shard}: the files of this worker's part of the tree");
        }

        if (summary.Usage is { } usage)
        {
            output.WriteLine($"usage limits: {usage.Figures()}");
        }

        if (summary.OutputFailure is { } failure)
        {
            output.WriteLine($"stopped early: {failure.Message}");
        }
    }

    /// <summary>"1,012 requests to Nexus: 4 preflight, 11 listing, 0 HEAD, 1,000 upload", kinds that sent none left out; null when nothing was sent.</summary>
    internal static string? RequestsLine(Nexus.RequestCounter? requests)
    {
        if (requests is null || requests.Total == 0)
        {
            return null;
        }

        var kinds = Enum.GetValues<Nexus.RequestKind>()
            .Where(k => requests.Count(k) > 0)
            .Select(k => string.Create(CultureInfo.InvariantCulture, $"{requests.Count(k):N0} {(k == Nexus.RequestKind.Head ? "HEAD" : k == Nexus.RequestKind.StatusProbe ? "status probe" : ReportNames.Of(k))}"));
        return string.Create(CultureInfo.InvariantCulture, $"{requests.Total:N0} {(requests.Total == 1 ? "request" : "requests")} to Nexus: {string.Join(", ", kinds)}");
    }

    /// <summary>"2 hidden files and 1 hidden directory left out …", or null when the scan left nothing out.</summary>
    internal static string? HiddenLine(ScanTally? leftOut)
    {
        if (leftOut is null || leftOut.HiddenFiles + leftOut.HiddenDirectories == 0)
        {
            return null;
        }

        var parts = new List<string>();
        if (leftOut.HiddenFiles > 0)
        {
            parts.Add(Plural(leftOut.HiddenFiles, "hidden file"));
        }

        if (leftOut.HiddenDirectories > 0)
        {
            parts.Add(Plural(leftOut.HiddenDirectories, "hidden directory", "hidden directories"));
        }

        var hint = leftOut.HiddenFiles > 0 ? "--include '**' --include '**/.*' takes hidden files" : string.Empty;
        if (leftOut.HiddenDirectories > 0)
        {
            hint += (hint.Length > 0 ? ", " : string.Empty) + "--include '**' --include '.NAME/**' a hidden directory";
        }

        return $"{string.Join(" and ", parts)} left out (-v lists them); {hint}";
    }

    private static string Plural(int count, string one, string? many = null) =>
        string.Create(CultureInfo.InvariantCulture, $"{count} {(count == 1 ? one : many ?? one + "s")}");

    internal static string FormatBytes(long bytes)
    {
        string[] units = ["B", "KiB", "MiB", "GiB", "TiB"];
        double value = bytes;
        var unit = 0;
        while (value >= 1024 && unit < units.Length - 1)
        {
            value /= 1024;
            unit++;
        }

        return unit == 0
            ? string.Create(CultureInfo.InvariantCulture, $"{bytes} B")
            : string.Create(CultureInfo.InvariantCulture, $"{value:0.0} {units[unit]}");
    }
}
