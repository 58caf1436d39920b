using System.CommandLine;
using NexusPush.Execution;
using NexusPush.Planning;
using NexusPush.Runs;

namespace NexusPush.Cli;

/// <summary>
/// The shared options of one run, read once from the parse result at the top of the verb's handler; everything
/// below the handler takes these values, never the parse result. A verb that does not take an option gets its
/// default here.
/// </summary>
internal sealed record RunSettings
{
    /// <value>The verb, as the reports and the alert webhook name it.</value>
    public required string Verb { get; init; }

    public required ConnectionSettings Connection { get; init; }

    public required OutputSettings Output { get; init; }

    public required TransferSettings Transfer { get; init; }

    /// <param name="parse">The verb's parse result.</param>
    /// <param name="options">The shared options.</param>
    /// <param name="connections">
    /// Connections to Nexus for a verb without <c>--parallel</c>; null for the uploading verbs, whose connection pool
    /// is sized to <c>--parallel</c> (one upload in flight per connection).
    /// </param>
    public static RunSettings Bind(ParseResult parse, GlobalOptions options, int? connections = null)
    {
        var transfer = TransferSettings.Bind(parse, options);
        return new RunSettings
        {
            Verb = parse.CommandResult.Command.Name,
            Connection = ConnectionSettings.Bind(parse, options, connections ?? transfer.Parallel),
            Output = OutputSettings.Bind(parse, options),
            Transfer = transfer,
        };
    }
}

/// <summary>How to reach Nexus as the command line says it; <see cref="ConnectionResolver"/> adds the environment and the config file.</summary>
internal sealed record ConnectionSettings
{
    /// <value><c>--url</c>; null when not given.</value>
    public string? Url { get; init; }

    /// <value><c>--username</c>; null when not given.</value>
    public string? Username { get; init; }

    public bool PasswordStdin { get; init; }

    /// <value><c>--ca-file</c> as a full path; null when not given.</value>
    public string? CaFile { get; init; }

    public bool Insecure { get; init; }

    public int Retries { get; init; } = 5;

    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan StallTimeout { get; init; } = TimeSpan.FromSeconds(60);

    public TimeSpan ResponseTimeout { get; init; } = TimeSpan.FromSeconds(300);

    /// <value>The size of the connection pool: <c>--parallel</c> for the uploading verbs, the verb's own number otherwise.</value>
    public int MaxConnections { get; init; } = 1;

    /// <value>The names of the connection options written on the command line (<c>check -v</c> says where each setting came from).</value>
    public IReadOnlySet<string> Given { get; init; } = new HashSet<string>();

    public static ConnectionSettings Bind(ParseResult parse, GlobalOptions options, int maxConnections) => new()
    {
        Url = parse.GetValue(options.Url),
        Username = parse.GetValue(options.Username),
        PasswordStdin = parse.GetValue(options.PasswordStdin),
        CaFile = parse.GetValue(options.CaFile)?.FullName,
        Insecure = parse.GetValue(options.Insecure),
        Retries = parse.GetValue(options.Retries),
        RetryDelay = options.RetryDelay.Get(parse),
        StallTimeout = options.StallTimeout.Get(parse),
        ResponseTimeout = options.Timeout.Get(parse),
        MaxConnections = maxConnections,
        Given = options.Connection.Where(option => parse.GetResult(option) is { Implicit: false }).Select(option => option.Name).ToHashSet(StringComparer.Ordinal),
    };
}

/// <summary>Where the run reports and logs.</summary>
internal sealed record OutputSettings
{
    public OutputFormat Format { get; init; }

    /// <value><c>--report</c> as a full path; null when not given.</value>
    public string? ReportPath { get; init; }

    public bool Verbose { get; init; }

    public bool Quiet { get; init; }

    public string? AlertWebhook { get; init; }

    public string? AlertContext { get; init; }

    public static OutputSettings Bind(ParseResult parse, GlobalOptions options) => new()
    {
        Format = parse.GetValue(options.Output),
        ReportPath = parse.GetValue(options.Report)?.FullName,
        Verbose = parse.GetValue(options.Verbose),
        Quiet = parse.GetValue(options.Quiet),
        AlertWebhook = parse.GetValue(options.AlertWebhook) is { Length: > 0 } webhook ? webhook : null,
        AlertContext = parse.GetValue(options.AlertContext),
    };
}

/// <summary>How the uploading verbs send: parallelism, verification, conflicts, the fallback folder and the journal.</summary>
internal sealed record TransferSettings
{
    /// <value>
    /// <c>--parallel</c>, read once: the uploads in flight (<see cref="Execution"/>), the comparisons at once
    /// (<see cref="Comparison"/>) and the connection pool (<see cref="ConnectionSettings.MaxConnections"/>).
    /// </value>
    public int Parallel { get; init; } = 8;

    public bool Verify { get; init; } = true;

    public ConflictPolicy OnConflict { get; init; }

    /// <value><c>--fallback-dir</c>; null when not given (or given empty).</value>
    public string? FallbackDir { get; init; }

    /// <value><c>--journal</c> as a full path; null when not given.</value>
    public string? Journal { get; init; }

    public static TransferSettings Bind(ParseResult parse, GlobalOptions options) => new()
    {
        Parallel = parse.GetValue(options.Parallel),
        Verify = !parse.GetValue(options.NoVerify),
        OnConflict = parse.GetValue(options.OnConflict),
        FallbackDir = parse.GetValue(options.FallbackDir) is { Length: > 0 } fallbackDir ? fallbackDir : null,
        Journal = parse.GetValue(options.Journal)?.FullName,
    };

    /// <param name="keepRelativePaths">upload keeps file names only in the fallback folder; directory verbs keep the relative path, so files of one name in different folders stay apart.</param>
    /// <param name="time">The run's clock.</param>
    /// <param name="logger">Where the fallback folder says what it tidied.</param>
    public ExecutionOptions Execution(bool keepRelativePaths, TimeProvider time, Microsoft.Extensions.Logging.ILogger? logger = null) => new()
    {
        Parallel = Parallel,
        Verify = Verify,
        OnConflict = OnConflict,
        Fallback = FallbackDir is { } folder ? new Reliability.FallbackFolder(folder, keepRelativePaths, time) { Logger = logger ?? Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance } : null,
    };

    /// <param name="headWhilePlanning">A dry run resolves every item while planning: its plan must show what a run would do.</param>
    public ComparisonOptions Comparison(bool headWhilePlanning) => new()
    {
        OnConflict = OnConflict,
        HeadWhilePlanning = headWhilePlanning,
        Parallelism = Parallel,
    };
}

/// <summary>The checks around an uploading run (<see cref="OperatorOptions"/>): the preflight before it, the index wait after it.</summary>
internal sealed record OperatorSettings
{
    /// <value>False with <c>--no-preflight</c>.</value>
    public bool Preflight { get; init; } = true;

    /// <value><c>--wait-index</c>: how long to wait for the apt/yum indexes; null when not asked.</value>
    public TimeSpan? WaitIndex { get; init; }

    public TimeSpan WaitIndexInterval { get; init; } = TimeSpan.FromSeconds(2);

    public string? AptDistribution { get; init; }

    public static OperatorSettings Bind(ParseResult parse, OperatorOptions options) => new()
    {
        Preflight = !parse.GetValue(options.NoPreflight),
        WaitIndex = parse.GetValue(options.WaitIndex),
        WaitIndexInterval = parse.GetValue(options.WaitIndexInterval),
        AptDistribution = parse.GetValue(options.AptDistribution),
    };
}
