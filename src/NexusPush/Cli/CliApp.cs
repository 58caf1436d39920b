using System.CommandLine;
using NexusPush.Nexus;

namespace NexusPush.Cli;

/// <summary>
/// The entry point behind <c>Program</c>: builds the verbs, parses, runs, and owns the mapping from what went wrong
/// to an exit code. System.CommandLine's own defaults (exit 1 for parse errors, stack traces for exceptions) are
/// replaced: exit codes are part of the interface, and users get one sentence, not a trace.
/// </summary>
internal static class CliApp
{
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

        // --report is this run's on every exit: the previous one goes now, the new one is put in place at the end.
        using var report = ClaimReport(parse, context, stderr, out var claimFailure);
        var (code, error) = claimFailure ?? await RunParsedAsync(root, parse, context, args, stderr, cancellationToken);
        return report is null ? code : report.Finish(code, error, stderr);
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
            // Ctrl-C/SIGTERM cancel the action's token; in-flight requests abort at once, so 10 s is ample to print the summary.
            var invocation = new InvocationConfiguration { Output = context.Stdout, Error = stderr, EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = TimeSpan.FromSeconds(10) };
            var code = await parse.InvokeAsync(invocation, cancellationToken);
            return (code, context.RunError);
        }
        catch (NexusPushException e)
        {
            stderr.WriteLine($"error: {NexusUrl.Redact(e.Message)}");
            return (e.ExitCode, NexusUrl.Redact(e.Message));
        }
        catch (OperationCanceledException)
        {
            stderr.WriteLine("error: cancelled.");
            return (ExitCodes.Cancelled, "cancelled");
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
