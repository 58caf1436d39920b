
namespace NexusPush.Runs;

/// <summary>The words reports use, in one place: actions as the JSON schema spells them.</summary>
internal static class ReportNames
{
    public static string Of(ItemAction action) => action switch
    {
        ItemAction.Uploaded => "uploaded",
        ItemAction.Skipped => "skipped",
        ItemAction.Failed => "failed",
        ItemAction.Fallback => "fallback",
        ItemAction.Unrouted => "unrouted",
        ItemAction.Planned => "planned",
        ItemAction.Deferred => "deferred",
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, null),
    };

    /// <summary>Request kinds as the report's <c>requests</c> object spells them.</summary>
    public static string Of(Nexus.RequestKind kind) => kind switch
    {
        Nexus.RequestKind.Preflight => "preflight",
        Nexus.RequestKind.Listing => "listing",
        Nexus.RequestKind.Head => "head",
        Nexus.RequestKind.Upload => "upload",
        Nexus.RequestKind.StatusProbe => "statusProbe",
        Nexus.RequestKind.Search => "search",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}
