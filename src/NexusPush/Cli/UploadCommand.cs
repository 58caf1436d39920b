using System.CommandLine;
using NexusPush.Execution;
using NexusPush.Formats;
using NexusPush.Nexus;
using NexusPush.Planning;
using NexusPush.Preflight;
using NexusPush.Reporting;
using NexusPush.Runs;

namespace NexusPush.Cli;

/// <summary><c>nexus-push upload FILE... --repository NAME</c>: one or a few artifacts, from a build step or by hand.</summary>
internal static class UploadCommand
{
    public static Command Create(CliContext context)
    {
        var files = new Argument<string[]>("FILE") { Description = "Files to upload; a symbolic link named here is followed wherever it leads (you chose it).", Arity = ArgumentArity.OneOrMore };
        var repository = new Option<string>("--repository", "-r") { Description = "Target hosted repository.", Required = true, HelpName = "NAME" };
        var format = new Option<string?>("--format", "-f") { Description = $"Upload as this format instead of the detected one ({ArtifactFormats.AllIds}); 'raw' uploads anything as a plain file.", HelpName = "FORMAT" };
        format.AcceptOnlyFromAmong([.. ArtifactFormats.All.Select(f => f.NexusId())]);
        var directory = new Option<string?>("--directory", "-d") { Description = "raw: directory inside the repository (default '/'); yum: yum.directory.", HelpName = "DIR" };
        var name = new Option<string?>("--name") { Description = "raw and yum: store under this file name instead of the local one.", HelpName = "NAME" };
        var dryRun = new Option<bool>("--dry-run", "-n") { Description = "Show what would be uploaded (format, repository, path) and, when a Nexus URL is set, whether each file would be uploaded, is identical or conflicts; nothing is sent." };

        var command = new Command("upload", """
            Upload files to one Nexus repository. The format is detected from each file's content.
            Before sending anything it checks that Nexus answers, the credentials are accepted and the repository is a
            hosted one of the right format (skip with --no-preflight); for up to 3 files the upload's own answers prove
            that, and the checks run only to explain a failure.

            Examples:
              nexus-push upload build/foo_1.0_amd64.deb -r apt-hosted --wait-index=300
              nexus-push upload dist/*.whl -r pypi-hosted
              nexus-push upload report.pdf -r raw-hosted -d /reports/2026 --output json
              nexus-push -v --url https://nexus.example.com/ upload dist/*.whl -r pypi-hosted --dry-run

            """ + ExitCodeHelp.UploadingVerbs)
        {
            files, repository, format, directory, name, dryRun,
        };
        var operatorOptions = new OperatorOptions();
        foreach (var option in context.Options.Connection.Concat(context.Options.Transfer).Concat(context.Options.Logging).Concat(operatorOptions.All))
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parse, cancellationToken) =>
        {
            var settings = context.Bound(new UploadSettings
            {
                Run = RunSettings.Bind(parse, context.Options),
                Checks = OperatorSettings.Bind(parse, operatorOptions),
                Request = new UploadRequestOptions(parse.GetValue(files)!, parse.GetValue(repository)!.Trim(), ArtifactFormats.TryParse(parse.GetValue(format), out var forced) ? forced : null, parse.GetValue(directory), parse.GetValue(name)),
                DryRun = parse.GetValue(dryRun),
            });
            return await RunAsync(context, settings, cancellationToken);
        });
        return command;
    }

    /// <summary>Plan, then (unless a dry run) check, upload and report.</summary>
    private static async Task<int> RunAsync(CliContext context, UploadSettings settings, CancellationToken cancellationToken)
    {
        // Plan first: a missing or invalid file stops the run before anything is sent.
        var plan = UploadPlanner.Plan(settings.Request);

        using var session = new RunSession(context, settings.Run);
        if (settings.DryRun)
        {
            return await DryRunAsync(context, session, settings, plan, cancellationToken);
        }

        var client = session.Connect();
        var reports = session.Reports(showSkipped: true);
        var checks = await session.StartChecksAsync(settings.Checks, PreflightGate.ExpectationsOf(plan, "upload"), cancellationToken, lean: LeanUpload.Applies(plan));
        var execution = session.Execution(keepRelativePaths: false);
        var executor = new PlanExecutor(new ItemUploader(client, execution), execution, checks.Wrap(reports), session.Logger);
        var summary = await executor.ExecuteAsync(plan, cancellationToken);
        await checks.ExplainFailuresAsync(summary, cancellationToken);
        await checks.FinishAsync(cancellationToken);
        return session.Finish(summary);
    }

    /// <summary>
    /// The plan reported as a run would report it, with uploads as <c>planned</c>: compared with Nexus (preflight,
    /// then a HEAD per file) when a URL is set, offline otherwise. Never sends an upload.
    /// </summary>
    private static async Task<int> DryRunAsync(CliContext context, RunSession session, UploadSettings settings, List<PlanItem> plan, CancellationToken cancellationToken)
    {
        var summary = new RunSummary();
        IEnumerable<PlanItem> compared = plan;
        if (session.NexusUrl is null)
        {
            context.Stderr.WriteLine("note: no Nexus URL (--url or NEXUS_URL); planning offline, without comparing with Nexus.");
        }
        else
        {
            var client = session.Connect();
            await session.StartChecksAsync(settings.Checks, PreflightGate.ExpectationsOf(plan, "upload"), cancellationToken);
            var comparison = new RemoteComparison(client, settings.Run.Transfer.Comparison(headWhilePlanning: true), session.Logger);
            compared = await comparison.CompareAsync(plan, cancellationToken).ToListAsync(cancellationToken);
        }

        PlanReport.Write(compared, session.Reports(showSkipped: true), summary, cancellationToken: cancellationToken);

        return session.Finish(summary);
    }
}

/// <summary><c>upload</c>'s options, read once.</summary>
internal sealed record UploadSettings
{
    public required RunSettings Run { get; init; }

    public required OperatorSettings Checks { get; init; }

    public required UploadRequestOptions Request { get; init; }

    public bool DryRun { get; init; }
}
