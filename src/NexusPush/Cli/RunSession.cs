using Microsoft.Extensions.Logging;
using NexusPush.Execution;
using NexusPush.Nexus;
using NexusPush.Preflight;
using NexusPush.Reporting;
using NexusPush.Runs;

namespace NexusPush.Cli;

/// <summary>
/// One run of a verb, from its settings to its exit code: the logging, the one NexusClient (and the connections
/// behind it), the reports, the checks around the work and the closing lines on stderr. Built at the top of the
/// handler, disposed when the handler returns.
/// </summary>
internal sealed class RunSession : IDisposable
{
    private readonly CliContext _context;
    private readonly ConnectionResolver _connection;
    private NexusClientFactory? _clients;
    private NexusClient? _client;

    /// <param name="context">Where the process writes, its environment and clock.</param>
    /// <param name="settings">The verb's shared settings.</param>
    /// <param name="file">The config file's url and username, which come after flags and environment.</param>
    /// <param name="logTarget">Where log lines go; stderr unless a live view has to print them above its bars.</param>
    public RunSession(CliContext context, RunSettings settings, Configuration.ConnectionDefaults? file = null, TextWriter? logTarget = null)
    {
        _context = context;
        Settings = settings;
        _connection = new ConnectionResolver(settings.Connection, context.Environment, file);
        Logging = RunLogging.Create(logTarget ?? context.Stderr, settings.Output.Verbose, settings.Output.Quiet);
        Logger = Logging.CreateLogger("nexus-push");
        if (NexusUrl is { } url)
        {
            context.Run.NexusUrl = url; // with the config file's url, for the report (flags and environment win)
        }
    }

    public RunSettings Settings { get; }

    public TextWriter Stdout => _context.Stdout;

    public TextWriter Stderr => _context.Stderr;

    public ProcessEnvironment Environment => _context.Environment;

    public ILoggerFactory Logging { get; }

    public ILogger Logger { get; }

    public TimeProvider Time => _context.TimeProvider ?? TimeProvider.System;

    /// <value>The Nexus URL as configured (flag, environment, config file), or null when none is: a dry run can plan offline.</value>
    public string? NexusUrl => _connection.UrlText();

    /// <value>The connection as resolved; set by <see cref="Connect"/>.</value>
    public NexusOptions? NexusOptions { get; private set; }

    /// <summary>The run's one NexusClient: the preflight, the comparison and the executor share it and its circuit breaker.</summary>
    public NexusClient Connect()
    {
        if (_client is null)
        {
            NexusOptions = _connection.Resolve(Logger);
            _clients = new NexusClientFactory(NexusOptions);
            _client = _clients.CreateClient(Logging, _context.TimeProvider);
        }

        return _client;
    }

    /// <summary>The uploading verbs' executor settings (fallback folder with this run's clock).</summary>
    public ExecutionOptions Execution(bool keepRelativePaths) => Settings.Transfer.Execution(keepRelativePaths, Time, Logger);

    /// <summary>The preflight (unless --no-preflight) and, with --wait-index, the index wait after the work.</summary>
    public Task<RunChecks> StartChecksAsync(OperatorSettings checks, IReadOnlyList<RepositoryExpectation> expectations, CancellationToken cancellationToken, bool lean = false)
    {
        var client = Connect();
        return RunChecks.StartAsync(checks, new RunChecks.Run(client, NexusOptions!, Settings.Transfer.FallbackDir, Time, Logger), expectations, cancellationToken, lean);
    }

    /// <summary>
    /// The stdout report chosen by --output, plus the --report file when asked and the alert webhook, as one observer.
    /// Nothing here is closed by the caller: <see cref="CliApp"/> ends the report file (<see cref="CliContext.ReportFile"/>) with the process's exit code.
    /// </summary>
    /// <param name="showSkipped">List skipped files in the text report.</param>
    /// <param name="stdout">Where the stdout report goes; a live view holds it back until it ends.</param>
    public IRunObserver Reports(bool showSkipped, TextWriter? stdout = null)
    {
        var output = Settings.Output;
        var nexusUrl = NexusUrl;
        var observers = new List<IRunObserver>
        {
            OutputName.Of("the report on stdout", output.Format == OutputFormat.Json ? new JsonReport(stdout ?? _context.Stdout, run: _context.Run) : new TextReport(stdout ?? _context.Stdout, showSkipped)),
        };
        if (output.ReportPath is { } reportPath)
        {
            _context.ReportFile ??= ReportFile.Claim(reportPath, _context.Run);
            observers.Add(_context.ReportFile.Open());
        }

        if (output.AlertWebhook is { } webhook)
        {
            observers.Add(new Reliability.AlertWebhook(webhook, new Reliability.AlertContext(Settings.Verb, nexusUrl, Settings.Transfer.FallbackDir, output.AlertContext), _context.Stderr, output.Quiet));
        }

        return new CompositeObserver(observers);
    }

    /// <summary>Ends a run: an error that stopped it gets its one line on stderr; the summary decides the exit code.</summary>
    public int Finish(RunSummary summary)
    {
        _context.RunError = summary.Error;
        var stderr = _context.Stderr;
        if (summary.FatalError is { } fatal)
        {
            stderr.WriteLine($"error: {ControlChars.Escape(fatal.Message)}");
        }
        else if (summary.Cancelled)
        {
            stderr.WriteLine("error: cancelled; re-run the same command to finish (files already stored are skipped).");
        }
        else if (summary.OutputFailure is { } output)
        {
            var hint = ReaderClosedException.Caused(output) ? "the reader closed the pipe: let it read to the end, or put the report in a file (--report), then re-run" : "free the space or fix the path, then re-run";
            stderr.WriteLine($"error: {ControlChars.Escape(output.Message)}; the run stopped early (files not sent are reported as not attempted): {hint}.");
        }

        if (summary.UsageLimitRefusal is { } refusal && summary.FatalError is null && !summary.Cancelled)
        {
            stderr.WriteLine($"error: {ControlChars.Escape(UsageLimitSentence.For(refusal, summary))}");
        }

        if (summary.UnroutedFailing is var unrouted and > 0)
        {
            stderr.WriteLine($"error: {unrouted} {(unrouted == 1 ? "file" : "files")} unrouted (no repository for their format): pass the --FORMAT-repository flag, add a rule to the config file (\"action\": \"ignore\" leaves a file out), or --allow-unrouted to accept them.");
        }

        return summary.ExitCode;
    }

    public void Dispose()
    {
        _clients?.Dispose();
        Logging.Dispose();
    }
}
