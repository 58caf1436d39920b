using System.Reflection;

namespace NexusPush.Reporting;

/// <summary>
/// What the JSON report says about the run itself: the tool, the command line (secrets redacted), the Nexus it
/// talked to (credentials stripped) and when it ran. One per process; every report of the run shares it.
/// </summary>
internal sealed class RunInfo
{
    private const string Redacted = "***";

    private string? _nexusUrl;

    public RunInfo(string? verb, IEnumerable<string> arguments, TimeProvider clock)
    {
        Verb = verb;
        Arguments = RedactArguments(arguments);
        Clock = clock;
        StartedAt = clock.GetUtcNow();
    }

    /// <summary>The version --version prints, without the source-revision suffix.</summary>
    public static string ToolVersion { get; } =
        (typeof(RunInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0").Split('+')[0];

    public string? Verb { get; }

    public IReadOnlyList<string> Arguments { get; }

    public TimeProvider Clock { get; }

    public DateTimeOffset StartedAt { get; }

    /// <summary>The Nexus base URL, without credentials; null until known (or when none was given).</summary>
    public string? NexusUrl
    {
        get => _nexusUrl;
        set => _nexusUrl = value is not null && Nexus.NexusUrl.TryParseBase(value, out var baseUrl, out _) ? baseUrl.ToString() : null;
    }

    /// <summary>Where Nexus serves a stored path: base URL + <c>repository/&lt;repo&gt;/&lt;path&gt;</c>, when both are known.</summary>
    public string? DownloadUrl(string? repository, string? path) =>
        _nexusUrl is null || repository is null || path is null ? null : _nexusUrl + Nexus.NexusUrl.Content(repository, path);

    /// <summary>
    /// The arguments safe to archive: the value of any <c>--password…</c> option, the webhook URL (incoming-webhook
    /// URLs carry their secret in the path) and the credentials of any URL are replaced.
    /// </summary>
    internal static IReadOnlyList<string> RedactArguments(IEnumerable<string> arguments)
    {
        var result = new List<string>();
        var hideNext = false;
        foreach (var argument in arguments)
        {
            if (hideNext)
            {
                result.Add(Redacted);
                hideNext = false;
                continue;
            }

            var name = argument.Split('=', 2)[0];
            var secretValue = name is "--alert-webhook" || (name.StartsWith("--password", StringComparison.Ordinal) && name != "--password-stdin");
            if (secretValue && argument.Contains('=', StringComparison.Ordinal))
            {
                result.Add(name + "=" + Redacted);
            }
            else
            {
                hideNext = secretValue;
                result.Add(Nexus.NexusUrl.Redact(argument));
            }
        }

        return result;
    }
}
