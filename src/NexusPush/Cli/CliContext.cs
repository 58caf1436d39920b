using NexusPush.Reporting;
using NexusPush.Runs;

namespace NexusPush.Cli;

/// <summary>
/// What the process gives every verb (where to write, the environment, the clock, the shared options) and what
/// <see cref="CliApp"/> keeps of the run for its last word: the report's run details, the <c>--report</c> file and
/// the error that stopped the run. The work of a run is <see cref="RunSession"/>'s.
/// </summary>
internal sealed class CliContext(TextWriter stdout, TextWriter stderr, ProcessEnvironment environment, TimeProvider? timeProvider = null)
{
    public TextWriter Stdout { get; } = stdout;

    public TextWriter Stderr { get; } = stderr;

    public ProcessEnvironment Environment { get; } = environment;

    public GlobalOptions Options { get; } = new();

    public TimeProvider? TimeProvider { get; } = timeProvider;

    /// <summary>What the JSON reports say about this run (verb, arguments, times, Nexus URL); set once the command line is parsed.</summary>
    public RunInfo Run { get; set; } = new(null, [], timeProvider ?? TimeProvider.System);

    /// <summary>The <c>--report</c> file of this run, claimed when the run starts; <see cref="CliApp"/> finishes it on every exit.</summary>
    public ReportFile? ReportFile { get; set; }

    /// <summary>What stopped the run as a whole (for the report's <c>error</c>), once <see cref="RunSession.Finish"/> ran.</summary>
    public string? RunError { get; set; }

    /// <summary>Tests see here what a verb bound from its command line, before the run starts.</summary>
    public Action<object>? OnSettingsBound { get; init; }

    /// <summary>A verb's settings as bound at the top of its handler; handed to <see cref="OnSettingsBound"/> when set.</summary>
    public T Bound<T>(T settings)
        where T : notnull
    {
        OnSettingsBound?.Invoke(settings);
        return settings;
    }
}
