using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NexusPush.Configuration;
using NexusPush.Execution;
using NexusPush.Formats;
using NexusPush.Nexus;
using NexusPush.Planning;
using NexusPush.Progress;
using NexusPush.Reliability;
using NexusPush.Reporting;
using NexusPush.Runs;

namespace NexusPush.Cli;

/// <summary>
/// <c>nexus-push sync-dir DIR</c>: scan → classify and route → compare with Nexus → execute (or, with --dry-run,
/// report the plan). The plan streams from the scan into the executor, so 100,000 files never sit in memory at once
/// (plan first, then execute: the dry run is the plan, and transfer code has no dry-run test).
/// </summary>
internal sealed class SyncDirCommand(CliContext context)
{
    private readonly SyncDirOptions _options = new();
    private readonly OperatorOptions _operator = new();

    public static Command Create(CliContext context) => new SyncDirCommand(context).Build();

    private Command Build()
    {
        var command = new Command("sync-dir", """
            Upload every file of a directory to the repository of its format; files Nexus already holds identically are
            skipped. Before any work it checks that Nexus answers, the credentials are accepted and every routed
            repository is a hosted one of the right format (skip with --no-preflight).

            Examples:
              nexus-push sync-dir out --apt-repository apt-bookworm --raw-repository raw-hosted --raw-directory app/1.2.3
              nexus-push sync-dir /nfs/artifacts --config migration.json --dry-run --plan-out plan.json
              nexus-push sync-dir /nfs/artifacts --config migration.json --report run.json --wait-index=600
              nexus-push -v --url https://nexus.example.com/ sync-dir out --raw-repository raw-hosted

            """ + ExitCodeHelp.SyncDir);
        foreach (var symbol in _options.All)
        {
            switch (symbol)
            {
                case Argument argument:
                    command.Arguments.Add(argument);
                    break;
                case Option option:
                    command.Options.Add(option);
                    break;
            }
        }

        foreach (var option in context.Options.Connection.Concat(context.Options.Transfer).Concat(context.Options.Logging).Concat(_operator.All))
        {
            command.Options.Add(option);
        }

        command.Options.Add(context.Options.Journal);

        command.SetAction(RunAsync);
        return command;
    }

    private async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var config = ConfigLoader.Load(parse.GetValue(_options.Config)?.FullName, System.IO.Directory.GetCurrentDirectory());
        var routing = Routing(parse, config);
        var connection = new ConnectionResolver(context.Options, context.Environment, config.Connection);
        if (connection.UrlText(parse) is { } configuredUrl)
        {
            context.Run.NexusUrl = configuredUrl; // the config file's url, for the report (flags and environment win)
        }

        var dryRun = parse.GetValue(_options.DryRun);
        var execution = context.ExecutionOptions(parse);
        var shard = Shard(parse);

        // Logs pass through a line writer so the live view (when shown) can print them above its bars.
        // One synchronised stderr: log lines and the plain progress line come from different threads.
        using var logLines = new LogLineWriter(TextWriter.Synchronized(context.Stderr));
        using var logging = RunLogging.Create(logLines, parse.GetValue(context.Options.Verbose), parse.GetValue(context.Options.Quiet));
        var logger = logging.CreateLogger("nexus-push");
        var scanner = new DirectoryScanner(ScanOptions(parse), logger);
        var directory = parse.GetValue(_options.Directory)!;
        var filtered = (parse.GetValue(_options.Include)?.Length ?? 0) + (parse.GetValue(_options.Exclude)?.Length ?? 0) > 0;
        var entries = NonEmptyScan.Require(scanner.Scan(directory), directory, filtered);
        var plan = new SyncPlanner(routing).Plan(entries);
        if (shard is not null)
        {
            plan = plan.Where(shard.Contains);
        }

        if (parse.GetValue(context.Options.Journal) is { } journalFile)
        {
            // Files unchanged since they landed on this Nexus keep their journaled hashes; Nexus is still asked.
            plan = plan.Select(JournalIndex.Load(journalFile.FullName, connection.UrlText(parse)).Resume);
        }

        ServiceProvider? services = null;
        if (!dryRun || connection.UrlText(parse) is not null)
        {
            services = NexusServices.Build(connection.Resolve(parse, logger, execution.Parallel), logging, context.TimeProvider);
        }
        else
        {
            context.Stderr.WriteLine("note: no Nexus URL (--url, NEXUS_URL or the config file's \"url\"); planning offline, without comparing with Nexus.");
        }

        await using var ownedServices = services;
        var client = services?.GetRequiredService<NexusClient>();
        if (client is not null && !dryRun)
        {
            client.Requests.Limit = parse.GetValue(_options.MaxRequests);
        }

        // Preflight before the scan is compared with Nexus: a wrong password or a misrouted repository
        // stops here, in seconds; an unreachable Nexus does not (the run goes on to retries and the fallback folder).
        var expectations = Preflight.RoutingExpectations.Of(routing, _options.FlagRepositories(parse));
        var checks = services is null
            ? null
            : await RunChecks.StartAsync(_operator, parse, services, expectations, context.TimeProvider, logger, cancellationToken);
        var stream = client is null
            ? plan.ToAsyncEnumerable()
            : new RemoteComparison(client, new ComparisonOptions { OnConflict = execution.OnConflict, HeadWhilePlanning = dryRun, Parallelism = execution.Parallel }, logger).CompareAsync(plan, cancellationToken);

        var summary = new RunSummary { UnroutedAllowed = parse.GetValue(_options.AllowUnrouted), LeftOut = scanner.LeftOut, Shard = shard, Requests = client?.Requests };
        if (client is not null)
        {
            var checkedRepositories = expectations.Select(e => e.Name).Distinct(StringComparer.Ordinal).Count();
            stream = await UsageGate.ApplyAsync(stream, checks?.Server, new UsageGate.Settings(execution.Verify, parse.GetValue(_options.IgnoreUsageLimits), dryRun, checkedRepositories), summary, logger, cancellationToken);
        }

        await using var planFile = parse.GetValue(_options.PlanOut) is { } planOut ? PlanFileWriter.Create(planOut.FullName) : null;
        if (planFile is not null)
        {
            stream = planFile.TapAsync(stream, summary.RecordOutputFailure, cancellationToken);
        }

        if (dryRun)
        {
            using var reports = context.CreateReports(parse, showSkipped: true, nexusUrl: connection.UrlText(parse));
            await Task.Run(() => PlanReport.Write(stream.ToBlockingEnumerable(cancellationToken), reports.Combined, summary), cancellationToken);
            return context.Finish(summary);
        }

        await ExecuteAsync(parse, stream, summary, client!, connection.UrlText(parse), execution, checks!, logger, logLines, cancellationToken);
        return context.Finish(summary);
    }

    private async Task ExecuteAsync(ParseResult parse, IAsyncEnumerable<PlanItem> stream, RunSummary summary, NexusClient client, string? nexusUrl, ExecutionOptions execution, RunChecks checks, ILogger logger, LogLineWriter logLines, CancellationToken cancellationToken)
    {
        var showSkipped = parse.GetValue(_options.ShowSkipped);
        using var journal = parse.GetValue(context.Options.Journal) is { } journalFile ? new JournalWriter(journalFile.FullName, context.TimeProvider, nexusUrl) : null;
        var journalOutput = journal is null ? null : OutputName.Of($"the journal {parse.GetValue(context.Options.Journal)!.FullName}", journal);
        var mode = parse.GetValue(context.Options.Quiet) ? ProgressMode.None : ProgressModes.Resolve(_options.ModeOf(parse), context.Environment);
        if (mode == ProgressMode.Live)
        {
            // The live view redraws stderr; the report is held back and printed whole when the view ends, so the
            // two never interleave on a terminal.
            using var deferred = new StringWriter();
            using (var reports = context.CreateReports(parse, showSkipped, deferred, nexusUrl))
            {
                var noColor = !string.IsNullOrEmpty(context.Environment.GetVariable("NO_COLOR"));
                await LiveProgress.RunAsync(context.Stderr, logLines, noColor, async live =>
                {
                    await RunPlanAsync(stream, summary, client, execution, checks, reports, live, journalOutput, logger, cancellationToken);
                    return true;
                });
            }

            try
            {
                await context.Stdout.WriteAsync(deferred.ToString());
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                summary.RecordOutputFailure(new OutputFailedException("the report on stdout", e));
            }

            return;
        }

        RunProgress progress = mode == ProgressMode.None ? new NoProgress() : new PlainProgress(logLines, context.TimeProvider ?? TimeProvider.System, TimeSpan.FromSeconds(5));
        using var plainReports = context.CreateReports(parse, showSkipped, nexusUrl: nexusUrl);
        await RunPlanAsync(stream, summary, client, execution, checks, plainReports, progress, journalOutput, logger, cancellationToken);
    }

    private static async Task RunPlanAsync(IAsyncEnumerable<PlanItem> stream, RunSummary summary, NexusClient client, ExecutionOptions execution, RunChecks checks, ReportSinks reports, RunProgress progress, IRunObserver? journal, ILogger logger, CancellationToken cancellationToken)
    {
        // --wait-index holds .deb/.rpm results back from the reports until their index lists them; the journal
        // records them at once (the file is stored, which is what a resumed run needs to know). The reports come
        // last: a journal or progress failure at the run's end is then already in the exit code they write.
        var reportObserver = checks.Wrap(reports.Combined);
        var progressOutput = OutputName.Of("the progress display on stderr", progress);
        var observer = new CompositeObserver(journal is null ? [progressOutput, reportObserver] : [journal, progressOutput, reportObserver]);
        var executor = new PlanExecutor(new ItemUploader(client, execution), execution, observer, logger, progress);
        await executor.ExecuteAsync(progress.Count(stream, cancellationToken), cancellationToken, summary);
        await checks.FinishAsync(cancellationToken);
    }

    private Shard? Shard(ParseResult parse)
    {
        if (parse.GetValue(_options.Shard) is not { } text)
        {
            return null;
        }

        return Runs.Shard.Parse(text, out var problem) ?? throw new UsageException(problem!);
    }

    private SyncRouting Routing(ParseResult parse, SyncConfig config)
    {
        var rawDirectory = parse.GetValue(_options.RawDirectory);
        var yumDirectory = parse.GetValue(_options.YumDirectory);
        foreach (var (name, value) in new[] { ("--raw-directory", rawDirectory), ("--yum-directory", yumDirectory) })
        {
            if (NexusPaths.ProblemWithDirectory(value) is { } problem)
            {
                throw new UsageException($"{name} {problem}.");
            }
        }

        return SyncRouting.From(config, _options.FlagRepositories(parse), rawDirectory, yumDirectory);
    }

    private ScanOptions ScanOptions(ParseResult parse) => new()
    {
        Include = parse.GetValue(_options.Include) ?? [],
        Exclude = parse.GetValue(_options.Exclude) ?? [],
        FollowDirectoryLinks = _options.Symlinks(parse) != SymlinkScope.Files,
        FollowLinksOutside = _options.Symlinks(parse) == SymlinkScope.Outside,
    };
}
