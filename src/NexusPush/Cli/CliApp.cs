using System.CommandLine;
using NexusPush.Nexus;
using NexusPush.Runs;

namespace NexusPush.Cli;

/// <summary>
/// The entry point behind <c>Program</c>: builds the verbs, parses, runs, and owns the mapping from what went wrong
/// to an exit code. System.CommandLine's own defaults (exit 1 for parse errors, stack traces for exceptions) are
/// replaced: exit codes are part of the interface, and users get one sentence, not a trace.
/// </summary>
internal static class CliApp
{
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(10);

    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, ProcessEnvironment environment, TimeProvider? timeProvider = null, CancellationToken cancellationToken = default)
    {
        var context = new CliContext(stdout, stderr, environment, timeProvider);
        var root = BuildRoot(context);
        args = VerbPosition.MoveSharedOptionsAfterVerb(args, root, context.Options);
        var parse = root.Parse(args);
        context.Run = new Reporting.RunInfo(parse.CommandResult.Command == root ? null : parse.CommandResult.Command.Name, args, timeProvider ?? TimeProvider.System)
        {
            NexusUrl = UrlOrNull(parse, context),
        };

        // No output may name an input, lie in a scanned tree or name another output: checked before anything is removed.
        var refusal = RefuseOutputsOverInputs(parse, context, stderr);

        // --report is this run's on every exit: the previous one goes now, the new one is put in place at the end.
        (int, string?)? claimFailure = null;
        using var report = refusal is null ? ClaimReport(parse, context, stderr, out claimFailure) : null;
        var (code, error) = refusal ?? claimFailure ?? await RunParsedAsync(root, parse, context, args, stderr, cancellationToken);
        return report is null ? code : report.Finish(code, error, stderr);
    }

    /// <summary>The outputs the command line names (--report, --plan-out, --journal) against its inputs (arguments, --config), by <see cref="LocalFiles.OutputPaths"/>.</summary>
    private static (int, string?)? RefuseOutputsOverInputs(ParseResult parse, CliContext context, TextWriter stderr)
    {
        var given = parse.CommandResult.Children.OfType<System.CommandLine.Parsing.OptionResult>()
            .Where(o => !o.Implicit && o.Tokens.Count > 0)
            .Select(o => (o.Option.Name, Value: o.Tokens[^1].Value))
            .ToList();
        var outputs = given.Where(o => o.Name is "--report" or "--plan-out" or "--journal" && o.Value.Length > 0)
            .Select(o => new LocalFiles.OutputPaths.Output(o.Name, o.Value))
            .ToList();
        if (outputs.Count == 0)
        {
            return null;
        }

        // Every argument of the verbs is a path it reads: upload's files, sync-dir's tree, replay's fallback folder.
        var inputs = parse.CommandResult.Children.OfType<System.CommandLine.Parsing.ArgumentResult>()
            .SelectMany(a => a.Tokens.Select(t => t.Value))
            .Concat(given.Where(o => o.Name == "--config").Select(o => o.Value))
            .Where(p => p.Length > 0)
            .Select(Path.GetFullPath);
        try
        {
            LocalFiles.OutputPaths.Check(outputs, inputs);
            return null;
        }
        catch (UsageException e)
        {
            stderr.WriteLine($"error: {ControlCharsFree(e.Message)}");
            return (e.ExitCode, ControlCharsFree(e.Message));
        }
    }

    private static async Task<(int Code, string? Error)> RunParsedAsync(RootCommand root, ParseResult parse, CliContext context, string[] args, TextWriter stderr, CancellationToken cancellationToken)
    {
        var verbose = args.Contains("-v") || args.Contains("--verbose");
        if (parse.Errors.Count > 0 && parse.CommandResult.Command == root && VerbPosition.UnknownVerb(args, root, context.Options) is { } unknownVerb)
        {
            stderr.WriteLine($"error: {ControlCharsFree(unknownVerb)}");
            return (ExitCodes.Usage, ControlCharsFree(unknownVerb));
        }

        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                stderr.WriteLine($"error: {NexusUrl.Redact(error.Message)}");
            }

            var verb = parse.CommandResult.Command == root ? string.Empty : parse.CommandResult.Command.Name + " ";
            stderr.WriteLine($"Run 'nexus-push {verb}--help' for usage.");
            return (ExitCodes.Usage, NexusUrl.Redact(string.Join("; ", parse.Errors.Select(e => e.Message))));
        }

        try
        {
            // Ctrl-C/SIGTERM cancel cancellationToken (Program installs the handlers before any work; System.CommandLine's
            // own would come only after the action's first await). In-flight requests abort at once, so 10 s is ample
            // to print the summary; a run that has not ended by then still gets its report.
            var invocation = new InvocationConfiguration { Output = context.Stdout, Error = stderr, EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null };
            // On the thread pool: a verb's synchronous start (a large config file loading) must not hold back the grace timer.
            var run = Task.Run(() => parse.InvokeAsync(invocation, cancellationToken), CancellationToken.None);
            var grace = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            using (cancellationToken.Register(() => _ = Task.Delay(StopGrace, CancellationToken.None).ContinueWith(_ => grace.TrySetResult(), TaskScheduler.Default)))
            {
                if (await Task.WhenAny(run, grace.Task) != run)
                {
                    stderr.WriteLine("error: cancelled; the run did not stop within 10 s: re-run the same command to finish (files already stored are skipped).");
                    return (ExitCodes.Cancelled, "cancelled; the run did not stop within 10 s");
                }
            }

            var code = await run;
            return (code, context.RunError);
        }
        catch (ReaderClosedException) when (parse.Action != parse.CommandResult.Command.Action || parse.CommandResult.Command.Name is not ("upload" or "sync-dir" or "replay"))
        {
            // stdout's reader went away (| head -1) from help, a version or a listing: what it did not read is no error.
            // (The uploading verbs write stdout only through their reports, which handle it like a full disk.)
            return (ExitCodes.Success, null);
        }
        catch (NexusPushException e)
        {
            stderr.WriteLine($"error: {NexusUrl.Redact(e.Message)}");
            return (e.ExitCode, NexusUrl.Redact(e.Message));
        }
        catch (OperationCanceledException)
        {
            // Stopped before the run could give every file a result (while planning, say): the report lists only what finished.
            stderr.WriteLine("error: cancelled before every file had a result; re-run the same command to finish (files already stored are skipped).");
            return (ExitCodes.Cancelled, "cancelled before every file had a result (stopped while planning or preparing the run); the report lists only the files that finished");
        }
#pragma warning disable CA1031 // The last line of defence: any other exception is a bug, reported as such with exit 1.
        catch (Exception e)
#pragma warning restore CA1031
        {
            stderr.WriteLine($"error: internal error: {NexusUrl.Redact(e.Message)}" + (verbose ? string.Empty : " (run with -v for details)"));
            if (verbose)
            {
                stderr.WriteLine(NexusUrl.Redact(e.ToString()));
            }

            return (ExitCodes.InternalError, "internal error: " + NexusUrl.Redact(e.Message));
        }
    }

    private static string ControlCharsFree(string text) => ControlChars.Escape(NexusUrl.Redact(text));

    /// <summary>The Nexus URL the flags or the environment give, for the report; a verb reading a config file refines it.</summary>
    private static string? UrlOrNull(ParseResult parse, CliContext context)
    {
        try
        {
            return ConnectionResolver.UrlText(parse.GetValue(context.Options.Url), context.Environment);
        }
        catch (InvalidOperationException)
        {
            return null; // --url itself is what the command line got wrong
        }
    }

    /// <summary>The run's --report file, when the verb has one and it was given (even on a command line with errors).</summary>
    private static Reporting.ReportFile? ClaimReport(ParseResult parse, CliContext context, TextWriter stderr, out (int, string?)? failure)
    {
        failure = null;
        FileInfo? path;
        try
        {
            path = parse.GetValue(context.Options.Report);
        }
        catch (InvalidOperationException)
        {
            return null; // --report itself is what the command line got wrong; its parse error says so
        }

        if (path is null)
        {
            return null;
        }

        try
        {
            context.ReportFile = Reporting.ReportFile.Claim(path.FullName, context.Run);
            return context.ReportFile;
        }
        catch (UsageException e)
        {
            stderr.WriteLine($"error: {e.Message}");
            failure = (e.ExitCode, e.Message);
            return null;
        }
    }

    public static RootCommand BuildRoot(CliContext context) =>
        new("""
            nexus-push: move build artifacts into Sonatype Nexus Repository 3.
            Shared options (--url, --username, -v, -q, -o, --report, --retries, --timeout, --ca-file, ...) may stand
            before the verb or after it: nexus-push -v --url https://nexus.example.com/ upload FILE -r REPO.
            """)
        {
            UploadCommand.Create(context),
            SyncDirCommand.Create(context),
            ReplayCommand.Create(context),
            CheckCommand.Create(context),
            ReposCommand.Create(context),
            SetupCommand.Create(context),
            ClientConfigCommand.Create(context),
        };
}
