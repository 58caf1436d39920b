using NexusPush.Execution;

namespace NexusPush.Reporting;

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
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, null),
    };
}
