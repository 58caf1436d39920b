using System.Text.Json;
using NexusPush.Cli;
using NexusPush.Tests.Support;

namespace NexusPush.Tests.Sync;

/// <summary>Runs <c>sync-dir</c> through the real entry point against a <see cref="KestrelNexus"/>.</summary>
internal static class SyncRun
{
    public static Task<CliOutcome> RunAsync(KestrelNexus nexus, string directory, params string[] more) =>
        CliRun.RunAsync(["sync-dir", directory, "--url", nexus.Url, "--raw-repository", "raw-h", "--yum-repository", "yum-h", "--retries", "0", .. more]);

    /// <summary>Same, with a token the test controls (cancellation).</summary>
    public static async Task<CliOutcome> RunAsync(KestrelNexus nexus, string directory, CancellationToken cancellationToken, params string[] more)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        string[] args = ["sync-dir", directory, "--url", nexus.Url, "--raw-repository", "raw-h", "--retries", "0", .. more];
        var code = await CliApp.RunAsync(
            args,
            TextWriter.Synchronized(stdout),
            TextWriter.Synchronized(stderr),
            ProcessEnvironment.FromDictionary(new Dictionary<string, string>()),
            cancellationToken: cancellationToken);
        ReportSchema.CheckRun(args, stdout.ToString());
        return new CliOutcome(code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>The JSON report's items as (file, action, reason).</summary>
    public static List<(string File, string Action, string? Reason)> Items(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.GetProperty("items").EnumerateArray()
            .Select(i => (i.GetProperty("file").GetString()!, i.GetProperty("action").GetString()!, i.GetProperty("reason").GetString()))
            .ToList();
    }

    public static TempDir Tree(int rawFiles, string prefix = "f")
    {
        var tree = new TempDir();
        for (var i = 0; i < rawFiles; i++)
        {
            tree.Write($"{prefix}{i / 10}/{prefix}{i:000}.txt", $"content of file {i}");
        }

        return tree;
    }

    /// <summary>Puts every file of the tree into the fake as the raw repository would hold it (what a previous run left).</summary>
    public static void StoreAll(KestrelNexus nexus, TempDir tree)
    {
        foreach (var file in Directory.EnumerateFiles(tree.Path, "*", SearchOption.AllDirectories))
        {
            nexus.Store("raw-h", "/" + Path.GetRelativePath(tree.Path, file).Replace('\\', '/'), File.ReadAllBytes(file));
        }
    }
}
