using System.CommandLine;
using NexusPush.Nexus;

namespace NexusPush.Cli;

/// <summary>
/// The entry point behind <c>Program</c>: builds the verbs, parses, runs, and owns the mapping from what went wrong
/// to an exit code. System.CommandLine's own defaults (exit 1 for parse errors, stack traces for exceptions) are
/// replaced (style-guide §6.3).
/// </summary>
internal static class CliApp
{
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CliEnvironment environment, TimeProvider? timeProvider = null, CancellationToken cancellationToken = default)
    {
        var context = new CliContext(stdout, stderr, environment, timeProvider);
        var root = BuildRoot(context);
        var parse = root.Parse(args);
        var verbose = args.Contains("-v") || args.Contains("--verbose");

        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                stderr.WriteLine($"error: {NexusUrl.Redact(error.Message)}");
            }

            var verb = parse.CommandResult.Command == root ? string.Empty : parse.CommandResult.Command.Name + " ";
            stderr.WriteLine($"Run 'nexus-push {verb}--help' for usage.");
            return ExitCodes.Usage;
        }

        try
        {
            // Ctrl-C/SIGTERM cancel the action's token; in-flight requests abort at once, so 10 s is ample to print the summary.
            var invocation = new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = TimeSpan.FromSeconds(10) };
            return await parse.InvokeAsync(invocation, cancellationToken);
        }
        catch (NexusPushException e)
        {
            stderr.WriteLine($"error: {NexusUrl.Redact(e.Message)}");
            return e.ExitCode;
        }
        catch (OperationCanceledException)
        {
            stderr.WriteLine("error: cancelled.");
            return ExitCodes.Cancelled;
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

            return ExitCodes.InternalError;
        }
    }

    public static RootCommand BuildRoot(CliContext context) =>
        new("nexus-push: move build artifacts into Sonatype Nexus Repository 3.")
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
