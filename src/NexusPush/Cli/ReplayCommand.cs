using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using NexusPush.Execution;
using NexusPush.Nexus;
using NexusPush.Reliability;

namespace NexusPush.Cli;

/// <summary>
/// <c>nexus-push replay DIR</c> (issue 5): uploads what a fallback folder holds to the repository and path recorded in
/// its manifest, verifies each one, and only then removes its file and manifest line. An interrupted replay resumes:
/// what already landed is found identical and pruned without being sent again.
/// </summary>
internal static class ReplayCommand
{
    public static Command Create(CliContext context)
    {
        var folder = new Argument<string>("DIR") { Description = "The folder given to --fallback-dir." };
        var options = context.Options;
        var command = new Command("replay", "Upload the files a run saved to its fallback folder, then remove each one Nexus verifiably holds.") { folder };
        foreach (var option in options.Connection.Concat([options.Output, options.Report, options.Parallel, options.OnConflict, options.AlertWebhook]).Concat(options.Logging))
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parse, cancellationToken) =>
        {
            var directory = parse.GetValue(folder)!;
            var planned = await ReplayPlanner.PlanAsync(directory, cancellationToken);

            using var logging = context.CreateLogging(parse);

            // Verification is what allows a file to be removed: never skipped here.
            var execution = context.ExecutionOptions(parse) with { Verify = true, Fallback = null };
            await using var services = context.CreateServices(parse, logging, execution.Parallel);
            using var reports = context.CreateReports(parse, showSkipped: true);
            // By reference: two manifest lines may describe equal items (the same file meant for the same place).
            var entries = new Dictionary<Planning.PlanItem, FallbackEntry>(ReferenceEqualityComparer.Instance);
            foreach (var (item, entry) in planned)
            {
                entries[item] = entry;
            }

            var observer = new Reporting.CompositeObserver([new ReplayPruner(directory, entries, context.Stderr), reports.Combined]);
            var client = services.GetRequiredService<NexusClient>();
            var executor = new PlanExecutor(new ItemUploader(client, execution), execution, observer, logging.CreateLogger("nexus-push"));
            var summary = await executor.ExecuteAsync(planned.Select(p => p.Item), cancellationToken);
            return context.Finish(summary);
        });
        return command;
    }
}
