using NexusPush.Nexus;

namespace NexusPush.Preflight;

/// <summary>Everything preflight found out: the checks in order, and what Nexus said it is.</summary>
internal sealed class PreflightResult(string url)
{
    public string Url { get; } = url;

    public List<PreflightCheck> Checks { get; } = [];

    public ServerIdentity? Server { get; set; }

    /// <summary>/v1/status got no HTTP answer at all (refused, reset, or silence until the timeout).</summary>
    public bool NoAnswer { get; set; }

    public IEnumerable<PreflightCheck> Failures => Checks.Where(c => c.Status == PreflightStatus.Failed);

    /// <summary>The first failure of a kind that must stop a run: credentials first (exit 3), then configuration and licence (exit 2).</summary>
    public PreflightCheck? Blocking =>
        Failures.FirstOrDefault(c => c.Problem == PreflightProblem.Credentials)
        ?? Failures.FirstOrDefault(c => c.Problem is PreflightProblem.Configuration or PreflightProblem.License);

    /// <summary>
    /// For <c>check</c>: 0 all good, 3 credentials, 2 anything else that failed (configuration, licence, and also an
    /// unavailable Nexus: <c>check</c> exists to say "not ready", though upload and sync-dir go on in that case).
    /// </summary>
    public int ExitCode =>
        Failures.Any(c => c.Problem == PreflightProblem.Credentials) ? ExitCodes.AuthRefused
        : Failures.Any() ? ExitCodes.Usage
        : ExitCodes.Success;

    public void Add(PreflightCheck check) => Checks.Add(check);
}
