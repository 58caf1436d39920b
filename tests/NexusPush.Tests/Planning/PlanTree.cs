using Microsoft.Extensions.Logging.Abstractions;
using NexusPush.Configuration;
using NexusPush.Formats;
using NexusPush.Planning;
using NexusPush.Runs;

namespace NexusPush.Tests.Planning;

/// <summary>Plans a temporary tree the way sync-dir does, without Nexus.</summary>
internal static class PlanTree
{
    public static List<PlanItem> Plan(string root, SyncRouting routing, ScanOptions? scan = null, Func<string, Detection>? detect = null) =>
        new SyncPlanner(routing, detect).Plan(new DirectoryScanner(scan ?? new ScanOptions(), NullLogger.Instance).Scan(root)).ToList();

    public static SyncRouting Routing(string? configJson = null, params (ArtifactFormat Format, string Repository)[] flags) =>
        SyncRouting.From(
            configJson is null ? SyncConfig.Empty : ConfigLoader.Parse(System.Text.Encoding.UTF8.GetBytes(configJson), "test.json"),
            flags.ToDictionary(f => f.Format, f => f.Repository),
            rawDirectory: null,
            yumDirectory: null);

    public static PlanItem Single(this List<PlanItem> plan, string displayPath) => plan.Single(i => i.DisplayPath == displayPath);
}
