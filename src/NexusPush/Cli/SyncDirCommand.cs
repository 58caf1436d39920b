using System.CommandLine;
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

        command.SetAction((parse, cancellationToken) => RunAsync(context.Bound(SyncDirSettings.Bind(parse, _options, _operator, context.Options)), cancellationToken));
        return command;
    }

    private async Task<int> RunAsync(SyncDirSettings settings, CancellationToken cancellationToken)
    {
        var config = ConfigLoader.Load(settings.ConfigPath, System.IO.Directory.GetCurrentDirectory());
        var routing = Routing(settings, config);

        // Logs pass through a line writer so the live view (when shown) can print them above its bars.
        // One synchronised stderr: log lines and the plain progress line come from different threads.
        using var logLines = new LogLineWriter(TextWriter.Synchronized(context.Stderr));
        using var session = new RunSession(context, settings.Run, config.Connection, logLines);
        var shard = Shard(settings.Shard);
        var scanner = new DirectoryScanner(settings.Scan, session.Logger);
        var plan = Plan(settings, routing, scanner, shard, session.NexusUrl);
        NexusClient? client = null;
        if (!settings.DryRun || session.NexusUrl is not null)
        {
            client = session.Connect();
        }
        else
        {
            context.Stderr.WriteLine("note: no Nexus URL (--url, NEXUS_URL or the config file's \"url\"); planning offline, without comparing with Nexus.");
        }

        if (client is not null && !settings.DryRun)
        {
            client.Requests.Limit = settings.MaxRequests;
        }

        // Preflight before the scan is compared with Nexus: a wrong password or a misrouted repository
        // stops here, in seconds; an unreachable Nexus does not (the run goes on to retries and the fallback folder).
        var expectations = Preflight.RoutingExpectations.Of(routing, settings.FlagRoutes);
        var summary = new RunSummary { UnroutedAllowed = settings.AllowUnrouted, LeftOut = scanner.LeftOut, Shard = shard, Requests = client?.Requests };
        RunChecks? checks;
        try
        {
            checks = client is null ? null : await session.StartChecksAsync(settings.Checks, expectations, cancellationToken);
        }
        catch (RequestBudgetExhaustedException stop)
        {
            // The preflight alone used the --max-requests budget: every file the plan holds is deferred, by name.
            summary.StoppedAtMaxRequests = true;
            PlanReport.Write(plan, session.Reports(settings.ShowSkipped), summary, item => new ItemResult(item, ItemAction.Deferred, $"not started: {stop.Message}", item.Digest?.Sha256), cancellationToken);
            return session.Finish(summary);
        }

        var stream = client is null
            ? plan.ToAsyncEnumerable()
            : new RemoteComparison(client, settings.Run.Transfer.Comparison(headWhilePlanning: settings.DryRun), session.Logger).CompareAsync(plan, cancellationToken);

        if (client is not null)
        {
            var checkedRepositories = expectations.Select(e => e.Name).Distinct(StringComparer.Ordinal).Count();
            stream = await UsageGate.ApplyAsync(stream, checks?.Server, new UsageGate.Settings(settings.Run.Transfer.Verify, settings.IgnoreUsageLimits, settings.DryRun, checkedRepositories), summary, session.Logger, cancellationToken);
        }

        await using var planFile = settings.PlanOut is { } planOut ? PlanFileWriter.Create(planOut) : null;
        if (planFile is not null)
        {
            stream = planFile.TapAsync(stream, summary.RecordOutputFailure, cancellationToken);
        }

        if (settings.DryRun)
        {
            var reports = session.Reports(showSkipped: true);
            await Task.Run(() => PlanReport.Write(stream.ToBlockingEnumerable(cancellationToken), reports, summary, cancellationToken: cancellationToken), CancellationToken.None);
            return session.Finish(summary);
        }

        await new RealRun(session, settings, checks!, logLines).RunAsync(stream, summary, cancellationToken);
        return session.Finish(summary);
    }

    /// <summary>The plan as it streams from the scan: routed, cut to the shard, with the journal's hashes for files unchanged since they landed.</summary>
    private static IEnumerable<PlanItem> Plan(SyncDirSettings settings, SyncRouting routing, DirectoryScanner scanner, Shard? shard, string? nexusUrl)
    {
        var filtered = settings.Scan.Include.Count + settings.Scan.Exclude.Count > 0;
        var entries = NonEmptyScan.Require(scanner.Scan(settings.Directory), settings.Directory, filtered);
        var plan = new SyncPlanner(routing).Plan(entries);
        if (shard is not null)
        {
            plan = plan.Where(shard.Contains);
        }

        if (settings.Run.Transfer.Journal is { } journalFile)
        {
            // Files unchanged since they landed on this Nexus keep their journaled hashes; Nexus is still asked.
            plan = plan.Select(JournalIndex.Load(journalFile, nexusUrl).Resume);
        }

        return plan;
    }

    private static Shard? Shard(string? text) =>
        text is null ? null : Runs.Shard.Parse(text, out var problem) ?? throw new UsageException(problem!);

    private static SyncRouting Routing(SyncDirSettings settings, SyncConfig config)
    {
        foreach (var (name, value) in new[] { ("--raw-directory", settings.RawDirectory), ("--yum-directory", settings.YumDirectory) })
        {
            if (NexusPaths.ProblemWithDirectory(value) is { } problem)
            {
                throw new UsageException($"{name} {problem}.");
            }
        }

        return SyncRouting.From(config, settings.FlagRoutes, settings.RawDirectory, settings.YumDirectory);
    }

    /// <summary>The real run: the executor with its progress display, the journal and the reports.</summary>
    private sealed class RealRun(RunSession session, SyncDirSettings settings, RunChecks checks, LogLineWriter logLines)
    {
        public async Task RunAsync(IAsyncEnumerable<PlanItem> stream, RunSummary summary, CancellationToken cancellationToken)
        {
            using var journal = settings.Run.Transfer.Journal is { } journalFile ? new JournalWriter(journalFile, session.Time, session.NexusUrl) : null;
            var journalOutput = journal is null ? null : OutputName.Of($"the journal {settings.Run.Transfer.Journal}", journal);
            var mode = settings.Run.Output.Quiet ? ProgressMode.None : ProgressModes.Resolve(settings.Progress, session.Environment);
            if (mode == ProgressMode.Live)
            {
                // The live view redraws stderr; the report is held back and printed whole when the view ends, so the
                // two never interleave on a terminal.
                using var deferred = new StringWriter();
                var reports = session.Reports(settings.ShowSkipped, deferred);
                var noColor = !string.IsNullOrEmpty(session.Environment.GetVariable("NO_COLOR"));
                await LiveProgress.RunAsync(session.Stderr, logLines, noColor, async live =>
                {
                    await RunPlanAsync(stream, summary, reports, live, journalOutput, cancellationToken);
                    return true;
                });

                try
                {
                    await session.Stdout.WriteAsync(deferred.ToString());
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    summary.RecordOutputFailure(new OutputFailedException("the report on stdout", e));
                }

                return;
            }

            RunProgress progress = mode == ProgressMode.None ? new NoProgress() : new PlainProgress(logLines, session.Time, TimeSpan.FromSeconds(5));
            var plainReports = session.Reports(settings.ShowSkipped);
            await RunPlanAsync(stream, summary, plainReports, progress, journalOutput, cancellationToken);
        }

        private async Task RunPlanAsync(IAsyncEnumerable<PlanItem> stream, RunSummary summary, IRunObserver reports, RunProgress progress, IRunObserver? journal, CancellationToken cancellationToken)
        {
            // --wait-index holds .deb/.rpm results back from the reports until their index lists them; the journal
            // records them at once (the file is stored, which is what a resumed run needs to know). The reports come
            // last: a journal or progress failure at the run's end is then already in the exit code they write.
            var reportObserver = checks.Wrap(reports);
            var progressOutput = OutputName.Of("the progress display on stderr", progress);
            var observer = new CompositeObserver(journal is null ? [progressOutput, reportObserver] : [journal, progressOutput, reportObserver]);
            var execution = session.Execution(keepRelativePaths: true);
            var executor = new PlanExecutor(new ItemUploader(session.Connect(), execution), execution, observer, session.Logger, progress);
            await executor.ExecuteAsync(progress.Count(stream, cancellationToken), cancellationToken, summary);
            await checks.FinishAsync(cancellationToken);
        }
    }
}

/// <summary><c>sync-dir</c>'s options, read once.</summary>
internal sealed record SyncDirSettings
{
    public required RunSettings Run { get; init; }

    public required OperatorSettings Checks { get; init; }

    public required string Directory { get; init; }

    public required ScanOptions Scan { get; init; }

    /// <value>The per-format repositories given as flags; the config file names the others.</value>
    public required IReadOnlyDictionary<ArtifactFormat, string> FlagRoutes { get; init; }

    public string? RawDirectory { get; init; }

    public string? YumDirectory { get; init; }

    /// <value><c>--config</c> as a full path; null for ./nexus-push.json when present.</value>
    public string? ConfigPath { get; init; }

    public bool DryRun { get; init; }

    /// <value><c>--plan-out</c> as a full path.</value>
    public string? PlanOut { get; init; }

    public bool AllowUnrouted { get; init; }

    public bool ShowSkipped { get; init; }

    /// <value>What the run shows: <c>--no-progress</c> wins over <c>--progress</c>.</value>
    public ProgressMode Progress { get; init; }

    /// <value><c>--shard K/N</c> as written; parsed when the run starts.</value>
    public string? Shard { get; init; }

    public bool IgnoreUsageLimits { get; init; }

    public long? MaxRequests { get; init; }

    public static SyncDirSettings Bind(ParseResult parse, SyncDirOptions options, OperatorOptions checks, GlobalOptions shared)
    {
        var symlinks = parse.GetValue(options.FollowSymlinksOutside) ? SymlinkScope.Outside
            : parse.GetValue(options.FollowSymlinks) || parse.GetValue(options.FollowSymlinksInside) ? SymlinkScope.Inside
            : SymlinkScope.Files;
        return new SyncDirSettings
        {
            Run = RunSettings.Bind(parse, shared),
            Checks = OperatorSettings.Bind(parse, checks),
            Directory = parse.GetValue(options.Directory)!,
            Scan = new ScanOptions
            {
                Include = parse.GetValue(options.Include) ?? [],
                Exclude = parse.GetValue(options.Exclude) ?? [],
                FollowDirectoryLinks = symlinks != SymlinkScope.Files,
                FollowLinksOutside = symlinks == SymlinkScope.Outside,
            },
            FlagRoutes = options.Routes.Resolve(parse),
            RawDirectory = parse.GetValue(options.RawDirectory),
            YumDirectory = parse.GetValue(options.YumDirectory),
            ConfigPath = parse.GetValue(options.Config)?.FullName,
            DryRun = parse.GetValue(options.DryRun),
            PlanOut = parse.GetValue(options.PlanOut)?.FullName,
            AllowUnrouted = parse.GetValue(options.AllowUnrouted),
            ShowSkipped = parse.GetValue(options.ShowSkipped),
            Progress = parse.GetValue(options.NoProgress) ? ProgressMode.None : parse.GetValue(options.Progress),
            Shard = parse.GetValue(options.Shard),
            IgnoreUsageLimits = parse.GetValue(options.IgnoreUsageLimits),
            MaxRequests = parse.GetValue(options.MaxRequests),
        };
    }
}
