using NexusPush.Nexus;

namespace NexusPush.Runs;

/// <summary>What the usage-limit refusal did to a run, and what to do next: the run's stderr and the alert webhook say the same.</summary>
internal static class UsageLimitSentence
{
    public static string For(NexusRequestException refusal, RunSummary summary)
    {
        var saved = summary.Count(ItemAction.Fallback);
        var next = saved > 0
            ? $"{saved} {(saved == 1 ? "file was" : "files were")} saved to the fallback folder instead: run `nexus-push replay` on it then"
            : "the files not stored are reported failed: re-run the same command then (files already stored are skipped)";
        return $"{refusal.Message.TrimEnd('.')}; {next}.";
    }
}
