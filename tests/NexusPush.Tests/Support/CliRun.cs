using NexusPush.Cli;

namespace NexusPush.Tests.Support;

/// <summary>What one run of the real entry point produced.</summary>
internal sealed record CliOutcome(int ExitCode, string Stdout, string Stderr);

/// <summary>
/// Runs nexus-push through <see cref="CliApp.RunAsync"/> with its own writers and environment, so tests run in
/// parallel. Every JSON report the run produced is checked against docs/report.schema.json.
/// </summary>
internal static class CliRun
{
    public static async Task<CliOutcome> RunAsync(string[] args, IReadOnlyDictionary<string, string>? environment = null, string stdin = "", TimeProvider? timeProvider = null)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var env = ProcessEnvironment.FromDictionary(environment ?? new Dictionary<string, string>(), stdin);
        var code = await CliApp.RunAsync(args, stdout, stderr, env, timeProvider, TestContext.Current.CancellationToken);
        ReportSchema.CheckRun(args, stdout.ToString());
        return new CliOutcome(code, stdout.ToString(), stderr.ToString());
    }
}
