using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NexusPush.Execution;
using NexusPush.Nexus;
using NexusPush.Reporting;

namespace NexusPush.Cli;

/// <summary>What every verb's action needs: where to write, the environment, the shared options.</summary>
internal sealed class CliContext(TextWriter stdout, TextWriter stderr, ProcessEnvironment environment, TimeProvider? timeProvider = null)
{
    public TextWriter Stdout { get; } = stdout;

    public TextWriter Stderr { get; } = stderr;

    public ProcessEnvironment Environment { get; } = environment;

    public GlobalOptions Options { get; } = new();

    public TimeProvider? TimeProvider { get; } = timeProvider;

    public ConnectionResolver Connection => new(Options, Environment);

    /// <summary>What the JSON reports say about this run (verb, arguments, times, Nexus URL); set once the command line is parsed.</summary>
    public RunInfo Run { get; set; } = new(null, [], timeProvider ?? TimeProvider.System);

    /// <summary>The <c>--report</c> file of this run, claimed when the run starts; <see cref="CliApp"/> finishes it on every exit.</summary>
    public ReportFile? ReportFile { get; set; }

    /// <summary>What stopped the run as a whole (for the report's <c>error</c>), once <see cref="Finish"/> ran.</summary>
    public string? RunError { get; private set; }

    public ILoggerFactory CreateLogging(ParseResult parse) =>
        RunLogging.Create(Stderr, parse.GetValue(Options.Verbose), parse.GetValue(Options.Quiet));

    /// <summary>The run's one NexusClient (IHttpClientFactory, pooled connections sized to the parallelism).</summary>
    public ServiceProvider CreateServices(ParseResult parse, ILoggerFactory logging, int maxConnections)
    {
        var options = Connection.Resolve(parse, logging.CreateLogger("nexus-push"), maxConnections);
        return NexusServices.Build(options, logging, TimeProvider);
    }

    public ExecutionOptions ExecutionOptions(ParseResult parse) => new()
    {
        Parallel = parse.GetValue(Options.Parallel),
        Verify = !parse.GetValue(Options.NoVerify),
        OnConflict = parse.GetValue(Options.OnConflict),

        // upload keeps file names only; directory verbs keep the relative path (issue 5).
        Fallback = parse.GetValue(Options.FallbackDir) is { Length: > 0 } fallbackDir
            ? new Reliability.FallbackFolder(fallbackDir, keepRelativePaths: parse.CommandResult.Command.Name != "upload", TimeProvider ?? TimeProvider.System)
            : null,
    };

    /// <summary>Ends a run: an error that stopped it gets its one line on stderr; the summary decides the exit code.</summary>
    public int Finish(RunSummary summary)
    {
        RunError = summary.Error;
        if (summary.FatalError is { } fatal)
        {
            Stderr.WriteLine($"error: {Reporting.ControlChars.Escape(fatal.Message)}");
        }
        else if (summary.Cancelled)
        {
            Stderr.WriteLine("error: cancelled; re-run the same command to finish (files already stored are skipped).");
        }
        else if (summary.OutputFailure is { } output)
        {
            Stderr.WriteLine($"error: {Reporting.ControlChars.Escape(output.Message)}; the run stopped early (files not sent are reported as not attempted): free the space or fix the path, then re-run.");
        }

        if (summary.UsageLimitRefusal is { } refusal && summary.FatalError is null && !summary.Cancelled)
        {
            Stderr.WriteLine($"error: {Reporting.ControlChars.Escape(UsageLimitSentence.For(refusal, summary))}");
        }

        if (summary.UnroutedFailing is var unrouted and > 0)
        {
            Stderr.WriteLine($"error: {unrouted} {(unrouted == 1 ? "file" : "files")} unrouted (no repository for their format): pass the --FORMAT-repository flag, add a rule to the config file (\"action\": \"ignore\" leaves a file out), or --allow-unrouted to accept them.");
        }

        return summary.ExitCode;
    }

    /// <summary>The stdout report chosen by --output, plus the --report file when asked (which <see cref="ReportFile"/> owns).</summary>
    public ReportSinks CreateReports(ParseResult parse, bool showSkipped, TextWriter? stdout = null, string? nexusUrl = null)
    {
        stdout ??= Stdout;
        nexusUrl ??= Connection.UrlText(parse);
        if (nexusUrl is not null)
        {
            Run.NexusUrl = nexusUrl;
        }

        var observers = new List<IRunObserver>
        {
            OutputName.Of("the report on stdout", parse.GetValue(Options.Output) == OutputFormat.Json ? new JsonReport(stdout, run: Run) : new TextReport(stdout, showSkipped)),
        };
        if (parse.GetValue(Options.Report) is { } reportFile)
        {
            ReportFile ??= ReportFile.Claim(reportFile.FullName, Run);
            observers.Add(ReportFile.Open());
        }

        if (parse.GetValue(Options.AlertWebhook) is { Length: > 0 } webhook)
        {
            observers.Add(new Reliability.AlertWebhook(webhook, new Reliability.AlertContext(
                parse.CommandResult.Command.Name, nexusUrl, parse.GetValue(Options.FallbackDir), parse.GetValue(Options.AlertContext)), Stderr, parse.GetValue(Options.Quiet)));
        }

        return new ReportSinks(observers);
    }
}

/// <summary>The run's report observers.</summary>
internal sealed class ReportSinks(List<IRunObserver> observers) : IDisposable
{
    public List<IRunObserver> Observers { get; } = observers;

    public IRunObserver Combined => new CompositeObserver(Observers);

    /// <summary>Nothing to close here: the report file is ended by <see cref="CliApp"/>, with the process's exit code.</summary>
    public void Dispose()
    {
    }
}
