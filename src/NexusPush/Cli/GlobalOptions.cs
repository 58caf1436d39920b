using System.CommandLine;
using System.Globalization;
using NexusPush.Runs;

namespace NexusPush.Cli;

/// <summary>Options every verb understands. Declared once; each verb adds the ones that apply to it.</summary>
internal sealed class GlobalOptions
{
    public Option<string?> Url { get; } = new("--url", "-u")
    {
        Description = "Nexus base URL, e.g. https://nexus.example.com/ [env: NEXUS_URL, NEXUS3_URL]",
        HelpName = "URL",
    };

    public Option<string?> Username { get; } = new("--username")
    {
        Description = "User name [env: NEXUS_USERNAME, NEXUS3_USERNAME]. The password comes from NEXUS_PASSWORD, NEXUS_TOKEN=user:token or --password-stdin, never from an argument.",
        HelpName = "NAME",
    };

    public Option<bool> PasswordStdin { get; } = new("--password-stdin")
    {
        Description = "Read the password from the first line of standard input.",
    };

    public Option<FileInfo?> CaFile { get; } = new("--ca-file")
    {
        Description = "PEM bundle of extra CA certificates to trust besides the system store (internal PKI) [env: NEXUS_PUSH_CA_FILE].",
        HelpName = "PEM",
    };

    public Option<bool> Insecure { get; } = new("--insecure")
    {
        Description = "Do not verify Nexus's TLS certificate. Dangerous: prefer --ca-file. Warns on every run.",
    };

    /// <summary>Declared only to refuse it with a useful sentence: argv is visible to every user of the machine.</summary>
    public Option<string?> PasswordArgument { get; } = new("--password")
    {
        Hidden = true,
        Validators =
        {
            result => result.AddError("A password is never accepted as an argument (other users can read it in the process list); set NEXUS_PASSWORD or use --password-stdin."),
        },
    };

    public Option<OutputFormat> Output { get; } = new("--output", "-o")
    {
        // No DefaultValueFactory: help would print the enum member ("Text"); the default is the first member.
        Description = "Report format on stdout: text or json. [default: text]",
        HelpName = "text|json",
    };

    public Option<FileInfo?> Report { get; } = new("--report")
    {
        Description = "Also write the JSON report to this file, whatever --output is.",
        HelpName = "FILE",
    };

    public Option<bool> Verbose { get; } = new("--verbose", "-v")
    {
        Description = "Debug logs on stderr (HTTP requests, decisions). Secrets are never logged.",
    };

    public Option<bool> Quiet { get; } = new("--quiet", "-q")
    {
        Description = "Only errors on stderr.",
    };

    public Option<int> Retries { get; } = new("--retries")
    {
        Description = "Retries after a transient failure (connection error, timeout, 408, 429, 5xx), with exponential backoff.",
        HelpName = "N",
        DefaultValueFactory = _ => 5,
    };

    public SecondsOption RetryDelay { get; } = new("--retry-delay", 1, "Base delay of the exponential backoff, in seconds.");

    public SecondsOption StallTimeout { get; } = new("--stall-timeout", 60, "Fail an attempt when no bytes move for this many seconds. A slow upload that keeps moving is never cut off.", mustBePositive: true);

    public SecondsOption Timeout { get; } = new("--timeout", 300, "Seconds to wait for Nexus's answer once an upload is sent. Status checks, HEAD and listings wait at most 30 s.", mustBePositive: true);

    public Option<ConflictPolicy> OnConflict { get; } = new("--on-conflict")
    {
        Description = "When the target path holds different bytes: fail, skip, or overwrite (ALLOW repositories only). [default: fail]",
        HelpName = "fail|skip|overwrite",
    };

    public Option<bool> NoVerify { get; } = new("--no-verify")
    {
        Description = "Do not prove uploads with the SHA-1 Nexus returns (a HEAD, or the asset listing after many uploads).",
    };

    public Option<int> Parallel { get; } = new("--parallel", "-p")
    {
        Description = "Uploads in flight at once (also the number of connections to Nexus). Against a Nexus that takes 20 ms a request, 8 are about 6 times as fast as one after another, 16 about 9 times.",
        HelpName = "N",
        DefaultValueFactory = _ => 8,
    };

    public Option<string?> FallbackDir { get; } = new("--fallback-dir")
    {
        Description = "When Nexus stays unreachable (or keeps answering 5xx) after all retries, copy the file here with a manifest instead of failing; exit 5. Send them later with 'nexus-push replay DIR'.",
        HelpName = "DIR",
    };

    public Option<string?> AlertWebhook { get; } = new("--alert-webhook")
    {
        Description = "When a run ends with exit 4 or 5, POST {\"text\": \"...\"} (Slack/Mattermost/Teams incoming-webhook shape) with the counts, host and fallback folder.",
        HelpName = "URL",
        Validators =
        {
            // The URL itself is not echoed: incoming-webhook URLs carry their secret in the path.
            result =>
            {
                if (result.Tokens.Count > 0 && !(Uri.TryCreate(result.Tokens[^1].Value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
                {
                    result.AddError("--alert-webhook must be an http:// or https:// URL.");
                }
            },
        },
    };

    public Option<string?> AlertContext { get; } = new("--alert-context")
    {
        Description = "A line the CI gives for the --alert-webhook message, e.g. the build's URL (Buildbot: --alert-context %(prop:buildurl)s).",
        HelpName = "TEXT",
    };

    public Option<FileInfo?> Journal { get; } = new("--journal")
    {
        Description = "Append one line per finished file here; a re-run with the same journal and Nexus URL does not re-hash files unchanged since they landed, and still compares them with one asset listing per repository (what Nexus lacks is uploaded again).",
        HelpName = "FILE",
    };

    public GlobalOptions()
    {
        foreach (var option in new Option<int>[] { Retries, Parallel })
        {
            var minimum = option == Parallel ? 1 : 0;
            option.Validators.Add(result =>
            {
                // Read the token, not the value: a non-number already has its own parse error.
                if (result.Tokens.Count > 0 && int.TryParse(result.Tokens[^1].Value, CultureInfo.InvariantCulture, out var value) && value < minimum)
                {
                    result.AddError($"{option.Name} must be at least {minimum}.");
                }
            });
        }
    }

    /// <summary>The options shared by the verbs that talk to Nexus.</summary>
    public IEnumerable<Option> Connection => [Url, Username, PasswordStdin, PasswordArgument, CaFile, Insecure, Retries, RetryDelay.Option, StallTimeout.Option, Timeout.Option];

    /// <summary>The options shared by the verbs that upload.</summary>
    public IEnumerable<Option> Transfer => [Output, Report, OnConflict, NoVerify, Parallel, FallbackDir, AlertWebhook, AlertContext];

    public IEnumerable<Option> Logging => [Verbose, Quiet];

    /// <summary>Every shared option: these may also stand before the verb (<c>nexus-push -v upload …</c>).</summary>
    public IEnumerable<Option> All => Connection.Concat(Transfer).Concat(Logging).Append(Journal);
}

internal enum OutputFormat
{
    Text,
    Json,
}

/// <summary>An option given in (fractional) seconds, with its default stated once and shown in help as a number.</summary>
internal sealed class SecondsOption
{
    private readonly TimeSpan _default;

    /// <param name="name">The option, e.g. <c>--timeout</c>.</param>
    /// <param name="defaultSeconds">The value when the option is not given.</param>
    /// <param name="description">Help text; the default is appended.</param>
    /// <param name="mustBePositive">A wait of 0 s would fail every request at once: refuse it instead of failing every file.</param>
    public SecondsOption(string name, double defaultSeconds, string description, bool mustBePositive = false)
    {
        _default = TimeSpan.FromSeconds(defaultSeconds);
        Option = new Option<TimeSpan?>(name)
        {
            Description = string.Create(CultureInfo.InvariantCulture, $"{description} [default: {defaultSeconds}]"),
            HelpName = "SECONDS",
            CustomParser = result =>
            {
                var text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : string.Empty;
                var isNumber = double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && double.IsFinite(seconds);
                if (isNumber && seconds >= 0 && seconds < 1e9 && !(mustBePositive && seconds == 0))
                {
                    return TimeSpan.FromSeconds(seconds);
                }

                result.AddError(isNumber && mustBePositive && seconds <= 0
                    ? $"{name} must be more than 0 seconds, not '{text}': a request given no time to answer always fails."
                    : $"{name} takes a number of seconds, not '{text}'.");
                return null;
            },
        };
    }

    public Option<TimeSpan?> Option { get; }

    public TimeSpan Get(ParseResult parse) => parse.GetValue(Option) ?? _default;
}
